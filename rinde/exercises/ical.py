"""iCalendar (RFC 5545) text for events, written by hand: a few fields need no library."""

from datetime import UTC

from django.utils import timezone


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _fold(line: str) -> str:
    # Lines longer than 75 octets continue on the next line after a space.
    out, current = [], ""
    for char in line:
        if len((current + char).encode()) > 75:
            out.append(current)
            current = " " + char
        else:
            current += char
    out.append(current)
    return "\r\n".join(out)


def _utc(value) -> str:
    return value.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def vevent(event, *, url: str, domain: str) -> list[str]:
    location = ", ".join(part for part in [event.place, event.address] if part)
    lines = [
        "BEGIN:VEVENT",
        f"UID:evento-{event.pk}@{domain}",
        f"DTSTAMP:{_utc(timezone.now())}",
        f"DTSTART:{_utc(event.starts_at)}",
        f"DTEND:{_utc(event.ends_at)}",
        f"SUMMARY:{_escape(event.title)}",
        f"URL:{url}",
    ]
    if location:
        lines.append(f"LOCATION:{_escape(location)}")
    if event.stream_url:
        lines.append(f"DESCRIPTION:{_escape('Transmisión: ' + event.stream_url)}")
    lines.append("END:VEVENT")
    return lines


def calendar(events, *, name: str, url_for, domain: str) -> str:
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Rinde//Rendicion de cuentas//ES",
        "CALSCALE:GREGORIAN",
        f"X-WR-CALNAME:{_escape(name)}",
    ]
    for event in events:
        lines += vevent(event, url=url_for(event), domain=domain)
    lines.append("END:VCALENDAR")
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"
