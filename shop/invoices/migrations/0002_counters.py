from django.db import migrations


def counters_create(apps, schema_editor):
    # The rows the issuing transaction locks; created here so two first issues never race to create them.
    IssueCounter = apps.get_model("invoices", "IssueCounter")
    for kind in ("invoice", "receipt"):
        IssueCounter.objects.get_or_create(kind=kind)


class Migration(migrations.Migration):
    dependencies = [("invoices", "0001_initial")]

    operations = [migrations.RunPython(counters_create, migrations.RunPython.noop)]
