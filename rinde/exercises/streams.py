"""Live streams are loaded only when the visitor asks: these turn a stream link into the
address a click-to-load frame uses, and name the hosts the page's CSP must then allow."""

from urllib.parse import parse_qs, quote, urlsplit

STREAM_FRAME_HOSTS = ["https://www.youtube-nocookie.com", "https://www.facebook.com"]


def embed_url(stream_url: str) -> str:
    """The embeddable address of a Facebook or YouTube stream, or "" when unknown."""
    parts = urlsplit(stream_url)
    host = (parts.hostname or "").lower()
    if host in {"youtube.com", "www.youtube.com", "youtu.be"}:
        video = parse_qs(parts.query).get("v", [""])[0]
        if not video:
            segments = [s for s in parts.path.split("/") if s]
            video = segments[-1] if segments else ""
        return f"https://www.youtube-nocookie.com/embed/{quote(video)}" if video else ""
    if host in {"facebook.com", "www.facebook.com", "fb.watch"}:
        return "https://www.facebook.com/plugins/video.php?href=" + quote(stream_url, safe="")
    return ""
