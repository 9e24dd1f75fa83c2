"""Legal app models: documents and acceptances; processors, provision records and the outbox;
privacy requests, incidents, the staff access log and withdrawals."""

from .access_log import AccessAction, StaffAccess  # noqa: F401
from .documents import (  # noqa: F401
    ACCEPTED_KINDS,
    NOTIFIED_KINDS,
    Acceptance,
    ChangeNotice,
    DocumentKind,
    DocumentVersion,
    LegalDocument,
)
from .incidents import Incident, IncidentKind, IncidentNotice, IncidentUpdate  # noqa: F401
from .processors import (  # noqa: F401
    NdaClause,
    OutboxMessage,
    PersonalDataField,
    Processor,
    ProcessorChange,
    ProcessorRole,
    ProvisionRecord,
    Purpose,
)
from .requests import (  # noqa: F401
    CLOSED_STATUSES,
    DISCLOSURE_KINDS,
    OPEN_STATUSES,
    CorrectionItem,
    DeliveryMethod,
    IdentityDocument,
    PrivacyRequest,
    PrivacyRequestEvent,
    RefusalReason,
    RequestKind,
    RequestStatus,
    UseRestriction,
)
from .withdrawals import WithdrawalRecord  # noqa: F401
