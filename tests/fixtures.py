import pytest
from django.utils import translation

from tests.staff_login import verified_login


@pytest.fixture
def japanese():
    with translation.override("ja"):
        yield


@pytest.fixture
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def staff_client(client, django_user_model):
    user = django_user_model.objects.create_superuser(
        username="ops", email="ops@offsetmart.example", password="correct horse battery"
    )
    verified_login(client, user)
    client.user = user
    return client


@pytest.fixture(autouse=True)
def gateway_email_backend(settings):
    """Django's test setup swaps EMAIL_BACKEND for locmem; put the gateway guard back in front."""
    settings.EMAIL_BACKEND = "legal.processors.mail.GatewayOnlyEmailBackend"
    settings.EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture
def processors(db):
    """The demo processors, one per role, and the demo registry operators, as `make run` registers them."""
    from legal.demo import processors as demo
    from legal.processors import services
    from legal.processors.models import Processor

    registered = {}
    for spec in demo.DEMO_PROCESSORS:
        processor = Processor(
            **spec,
            nda_signed_on=demo.DEMO_NDA_SIGNED_ON,
            nda_expires_on=demo.DEMO_NDA_EXPIRES_ON,
            nda_clauses=demo.ALL_CLAUSES,
            last_reviewed_on=demo.DEMO_REVIEWED_ON,
        )
        registered[spec["role"]] = services.processor_save(processor=processor, changed_by=None)
    # The registry operators each batch's beneficiary goes to, as `make run` registers them too.
    from legal.demo.third_parties import demo_registry_operators_register

    demo_registry_operators_register()
    return registered


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache (throttles, cached pages)."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def default_language():
    """Each test starts in the shop's default language: a request to an /en/ page activates English
    in the test's thread and leaves it active, so a later ``reverse`` would build /en/ addresses."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)
