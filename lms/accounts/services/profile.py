from django.db import IntegrityError, transaction

from lms.accounts.models import AccountDeletionRequest, DeletionRequestStatus, User


@transaction.atomic
def account_deletion_request(*, user: User) -> AccountDeletionRequest:
    """Record the request once; asking again returns the pending one."""
    pending = AccountDeletionRequest.objects.filter(user=user, status=DeletionRequestStatus.PENDING).first()
    if pending is not None:
        return pending
    try:
        with transaction.atomic():
            return AccountDeletionRequest.objects.create(user=user)
    except IntegrityError:  # a concurrent request created it
        return AccountDeletionRequest.objects.get(user=user, status=DeletionRequestStatus.PENDING)


@transaction.atomic
def account_deletion_cancel(*, user: User) -> int:
    return AccountDeletionRequest.objects.filter(user=user, status=DeletionRequestStatus.PENDING).update(
        status=DeletionRequestStatus.CANCELLED
    )
