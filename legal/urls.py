from django.urls import path

from legal.cookies import views as cookies_views
from legal.documents import views as documents_views

app_name = "legal"

urlpatterns = [
    path("accept/", documents_views.AcceptChangesView.as_view(), name="accept"),
    path("notices/<int:pk>/seen/", documents_views.notice_seen, name="notice-seen"),
    path("preview/<int:pk>/", documents_views.PreviewView.as_view(), name="preview"),
    path("cookies/consent/", cookies_views.cookie_consent, name="cookie-consent"),
    path("<slug:kind>/", documents_views.DocumentView.as_view(), name="document"),
    path("<slug:kind>/history/", documents_views.HistoryView.as_view(), name="history"),
    path("<slug:kind>/diff/", documents_views.diff_view, name="diff"),
    path("<slug:kind>/v<int:number>/", documents_views.VersionView.as_view(), name="version"),
]
