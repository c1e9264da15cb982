"""`kvalitet bench --mail` on a copy of the demo database: every reminder queued, sent to a real local SMTP
server and received exactly once; the bench's source file is never written."""
import hashlib

from scoring.bench import mail as bench_mail


def _digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_mail_bench_queues_and_sends_each_reminder_once(demo_path):
    before = _digest(demo_path)
    result = bench_mail.run(demo_path, recipients=300)
    assert result.ok, result.lines()
    assert (result.queued, result.sent, result.received, result.duplicates) == (300, 300, 300, 0)
    assert _digest(demo_path) == before            # only a copy was written
    assert "300 av 300" in result.lines()[0]
