"""Walk the audit log's hash chain and report the first entry that does not hold."""

from django.core.management.base import BaseCommand, CommandError

from rinde.core import audit_chain
from rinde.core.models import AuditChainHead, AuditEntry


class Command(BaseCommand):
    help = "Verify the audit log's hash chain; exit status 1 at the first broken entry."

    def handle(self, *args, **options):
        entries = AuditEntry.objects.select_related("target_type").order_by("pk")
        head = AuditChainHead.objects.filter(pk=1).first()
        if head is None:  # a database without the head row: only right while it is empty
            head = AuditChainHead(last_hash=audit_chain.GENESIS, last_entry_id=None)
        broken = audit_chain.first_break(entries.iterator(chunk_size=2000), head)
        if broken is not None:
            raise CommandError(
                f"Audit chain broken at entry {broken.entry_id}: {broken.reason}", returncode=1
            )
        self.stdout.write(f"Audit chain intact: {entries.count()} entries.")
