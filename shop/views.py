from django.views.generic import TemplateView

from offsets.selectors import projects_for_home


class HomeView(TemplateView):
    template_name = "shop/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["projects"] = projects_for_home()
        return context
