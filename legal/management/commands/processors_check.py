"""Warn processor administrators about lapsed or expiring NDAs, overdue reviews and missing clauses."""

from django.core.management.base import BaseCommand

from legal.processors import services
from legal.processors.models import Processor


class Command(BaseCommand):
    help = "E-mail processor administrators about entrusted processors that need attention."

    def handle(self, *args, **options):
        for processor in Processor.objects.all():
            warnings = processor.warnings()
            status = ", ".join(warnings) if warnings else "ok"
            self.stdout.write(f"{processor}: {status}")
        notified = services.processor_warnings_notify()
        self.stdout.write(f"{notified} processor(s) need attention; administrators notified.")
