"""The shared cache kept in the database (the default without Redis), with a leaner read of several keys.

A warm public ward page costs one `get_many` (its page versions and the page together, `core.pagecache.kept`).
Django's own reads each row's expiry back into a datetime through a field built for the call and checks every key
for memcached's rules; here the database leaves out expired entries itself (as Django's `has_key` does) and the
statement is made once per number of keys. Expired entries are still removed when the table is culled.
"""

import base64
import pickle
from typing import Any

from django.core.cache.backends.db import DatabaseCache as DjangoDatabaseCache
from django.db import connections, router
from django.utils.timezone import now as tz_now


class DatabaseCache(DjangoDatabaseCache):
    def __init__(self, table: str, params: dict[str, Any]) -> None:
        super().__init__(table, params)
        self._table_name = table
        self._statements: dict[tuple[str, int], str] = {}

    def _select(self, alias: str, count: int) -> str:
        statement = self._statements.get((alias, count))
        if statement is None:
            quote = connections[alias].ops.quote_name
            marks = ", ".join(["%s"] * count)
            statement = self._statements[(alias, count)] = (
                f"SELECT {quote('cache_key')}, {quote('value')} FROM {quote(self._table_name)} "  # noqa: S608
                f"WHERE {quote('cache_key')} IN ({marks}) AND {quote('expires')} > %s"
            )
        return statement

    def get_many(self, keys: Any, version: int | None = None) -> dict[str, Any]:
        if not keys:
            return {}
        key_map = {self.make_key(key, version=version): key for key in keys}
        alias = router.db_for_read(self.cache_model_class)
        connection = connections[alias]
        now = connection.ops.adapt_datetimefield_value(tz_now().replace(microsecond=0, tzinfo=None))
        with connection.cursor() as cursor:
            cursor.execute(self._select(alias, len(key_map)), [*key_map, now])
            rows = cursor.fetchall()
        return {key_map[key]: pickle.loads(base64.b64decode(value.encode())) for key, value in rows}  # noqa: S301
