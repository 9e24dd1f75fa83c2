"""Privacy requests for tests, submitted through the service as the forms submit them."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from legal.privacy.requests import services
from legal.privacy.requests.models import IdentityDocument, RequestKind

Role = IdentityDocument.Role


def pdf_bytes(text: str = "identity") -> bytes:
    return b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n% " + text.encode() + b"\ntrailer << >>\n%%EOF\n"


def image_bytes(image_format: str = "PNG") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "white").save(buffer, format=image_format)
    return buffer.getvalue()


def pdf_upload(name: str = "licence.pdf", text: str = "identity") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, pdf_bytes(text), content_type="application/pdf")


def png_upload(name: str = "licence.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, image_bytes("PNG"), content_type="image/png")


def jpeg_upload(name: str = "licence.jpg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, image_bytes("JPEG"), content_type="image/jpeg")


def submitted(kind: str = RequestKind.DISCLOSURE, *, user=None, agent: bool = False, **fields):
    """A request as received, with the person's ID (an agent's: the power of attorney and their own ID)."""
    documents = (
        [(Role.POWER_OF_ATTORNEY, pdf_upload("poa.pdf")), (Role.AGENT_ID, png_upload("agent.png"))]
        if agent
        else [(Role.REQUESTER_ID, pdf_upload())]
    )
    values = {
        "requester_name": "山田 太郎",
        "requester_email": user.email if user is not None else "taro@example.jp",
        "documents": documents,
        "user": user,
    }
    if kind in (RequestKind.DISCLOSURE, RequestKind.PROVISION_RECORDS):
        values["delivery_method"] = "electronic"
    if agent:
        values.update(is_agent=True, agent_name="弁護士 佐藤 一郎", agent_email="agent@example.jp")
    values.update(fields)
    return services.privacy_request_submit(kind=kind, **values)


def verified(request, staff=None):
    """Every identity document of ``request`` verified: the request is in progress."""
    for document in request.identity_documents.all():
        services.identity_document_verify(document=document, staff=staff)
    request.refresh_from_db()
    return request
