"""The bulletins' Atom feed, beside the RSS one (bulletin_views.BulletinFeed)."""

from django.utils.feedgenerator import Atom1Feed

from rinde.outreach.bulletin_views import BulletinFeed


class BulletinAtomFeed(BulletinFeed):
    feed_type = Atom1Feed

    def subtitle(self):
        return self.description
