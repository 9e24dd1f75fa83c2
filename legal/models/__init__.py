"""Legal app models: documents and acceptances; processors, provision records and the outbox; withdrawals."""

from .documents import (  # noqa: F401
    ACCEPTED_KINDS,
    NOTIFIED_KINDS,
    Acceptance,
    ChangeNotice,
    DocumentKind,
    DocumentVersion,
    LegalDocument,
)
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
from .withdrawals import WithdrawalRecord  # noqa: F401
