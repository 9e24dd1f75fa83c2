"""What the API answers and accepts. Output serializers read the domain's own objects; they also
give the OpenAPI schema its shapes. Yen amounts are integers (whole yen, tax included)."""

from rest_framework import serializers


class ErrorBodySerializer(serializers.Serializer):
    status = serializers.IntegerField(help_text="The HTTP status, repeated.")
    code = serializers.CharField(help_text="A stable code, e.g. not_found, invalid, throttled.")
    message = serializers.CharField(help_text="What went wrong, for a person (English, or Japanese).")
    fields = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text="For invalid input: the messages of each field.",
    )


class ErrorSerializer(serializers.Serializer):
    """Every error answer has this one shape."""

    error = ErrorBodySerializer()


class BatchSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="batch.pk")
    project = serializers.SlugField(source="batch.project.slug")
    vintage = serializers.IntegerField(source="batch.vintage")
    serial_prefix = serializers.CharField(source="batch.serial_prefix")
    serial_first = serializers.IntegerField(source="batch.serial_first")
    serial_last = serializers.IntegerField(source="batch.serial_last")
    price_per_tonne = serializers.IntegerField(
        source="batch.price_per_tonne", help_text="Yen per t-CO2, consumption tax included."
    )
    tonnes_issued = serializers.IntegerField(source="tonnes.issued")
    tonnes_sold = serializers.IntegerField(source="tonnes.sold")
    tonnes_available = serializers.IntegerField(
        source="tonnes.available", help_text="What can be bought now (issued, less sold and held)."
    )
    product_url = serializers.URLField(help_text="The batch's page in the shop, where it is bought.")


class ProjectSerializer(serializers.Serializer):
    slug = serializers.SlugField(source="project.slug")
    name_ja = serializers.CharField(source="project.name")
    name_en = serializers.CharField(source="project.name_en")
    registry = serializers.CharField(source="project.registry")
    registry_project_id = serializers.CharField(source="project.registry_project_id")
    registry_url = serializers.CharField(source="project.registry_url")
    offset_type = serializers.CharField(source="project.offset_type", help_text="removal or avoidance")
    category = serializers.CharField(source="project.category")
    location_ja = serializers.CharField(source="project.location")
    location_en = serializers.CharField(source="project.location_en")
    methodology = serializers.CharField(source="project.methodology")
    batches = BatchSerializer(many=True)


class QuoteQuerySerializer(serializers.Serializer):
    batch = serializers.IntegerField(min_value=1, max_value=2**31 - 1, help_text="The batch's id.")
    tonnes = serializers.IntegerField(min_value=1, max_value=100_000_000, help_text="Whole t-CO2.")


class QuoteSerializer(serializers.Serializer):
    batch = serializers.IntegerField()
    project = serializers.SlugField()
    vintage = serializers.IntegerField()
    tonnes = serializers.IntegerField()
    price_per_tonne = serializers.IntegerField(help_text="Yen, tax included.")
    total_incl_tax = serializers.IntegerField(help_text="Yen, what the card is charged.")
    tax_rate_percent = serializers.IntegerField()
    consumption_tax = serializers.IntegerField(help_text="The tax contained in the total, rounded down.")
    currency = serializers.CharField()
    tonnes_available = serializers.IntegerField()
    product_url = serializers.URLField(help_text="The batch's page in the shop, where it is bought.")
    note = serializers.CharField()


class LineSerializer(serializers.Serializer):
    title = serializers.CharField()
    batch = serializers.IntegerField(allow_null=True)
    tonnes = serializers.IntegerField(source="quantity")
    price_per_tonne = serializers.IntegerField()
    total_incl_tax = serializers.IntegerField()


class InvoiceSerializer(serializers.Serializer):
    number = serializers.CharField()
    order = serializers.CharField(source="order.number")
    issued_at = serializers.DateTimeField()
    transaction_date = serializers.DateField()
    recipient_name = serializers.CharField()
    simplified = serializers.BooleanField(
        help_text="A simplified invoice (適格簡易請求書), without recipient."
    )
    total_incl_tax = serializers.IntegerField()
    replaces = serializers.CharField(source="replaces.number", allow_null=True, default=None)
    correction_reason = serializers.CharField()
    pdf_url = serializers.URLField()


class CertificateSerializer(serializers.Serializer):
    number = serializers.CharField(allow_null=True, help_text="Null while the certificate is being issued.")
    status = serializers.CharField()
    order = serializers.CharField(source="order.number")
    tonnes = serializers.IntegerField()
    beneficiary_name = serializers.CharField()
    offset_purpose = serializers.CharField()
    issued_at = serializers.DateTimeField(allow_null=True)
    revoked_at = serializers.DateTimeField(allow_null=True)
    verification_url = serializers.URLField(allow_null=True)
    pdf_url = serializers.URLField(allow_null=True)


class OrderSerializer(serializers.Serializer):
    number = serializers.CharField()
    date_placed = serializers.DateTimeField()
    status = serializers.CharField()
    total_incl_tax = serializers.IntegerField()
    tax_breakdown = serializers.DictField(help_text='Per rate: {"10": {"total_incl_tax": 9900, "tax": 900}}')
    beneficiary_name = serializers.CharField()
    company_name = serializers.CharField()
    lines = LineSerializer(many=True)
    certificates = CertificateSerializer(many=True)
    invoices = InvoiceSerializer(many=True)
    invoice_url = serializers.URLField(
        help_text="Opens the order's current invoice PDF (issued on first use)."
    )
