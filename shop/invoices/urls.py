from django.urls import path

from . import views

app_name = "invoices"

urlpatterns = [
    path("invoices/order/<str:number>/", views.order_invoice, name="order-invoice"),
    path("invoices/order/<str:number>/receipt/", views.order_receipt, name="order-receipt"),
    path("invoices/<str:number>/pdf/", views.invoice_download, name="invoice-pdf"),
]
