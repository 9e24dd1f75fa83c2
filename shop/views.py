from django.views.generic import TemplateView

from offsets.selectors import projects_for_home

# Batches listed under each project on the home page, newest vintage first; the rest are one link
# away (a search of the project's name), so the page stays short and quick with many batches.
HOME_BATCHES_PER_PROJECT = 3


class HomeView(TemplateView):
    template_name = "shop/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["projects"] = projects_for_home(batches_listed=HOME_BATCHES_PER_PROJECT)
        return context
