"""Django looks for ``legal.models``: importing each sub-package's models registers them with the app.

Nothing is re-exported: code imports a model from its own sub-package
(``legal.documents.models``, ``legal.processors.models``, …).
"""

from legal.documents import models as documents_models  # noqa: F401
from legal.privacy import models as privacy_models  # noqa: F401
from legal.privacy.incidents import models as incidents_models  # noqa: F401
from legal.privacy.requests import models as privacy_requests_models  # noqa: F401
from legal.processors import models as processors_models  # noqa: F401
from legal.staff import models as staff_models  # noqa: F401
