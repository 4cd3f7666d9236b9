"""Several authorities' stored monthly figures at once, for the side-by-side comparison (issue 18).

One statement for every authority asked for; on PostgreSQL row-level security (migration 0014) hides,
whatever is asked, the rows of an authority the signed-in user may not see.
"""

from __future__ import annotations

import pandas as pd
import sqlalchemy as sa
from sqlalchemy import Connection

from store.frames import result_frame
from store.tables import month_figures

COLUMNS = ["la_code", "month", "code", "numerator", "denominator", "value", "provisional"]


def figures_of_authorities(
    conn: Connection, la_codes: tuple[str, ...], family: str, breakdown: str = "", since: str | None = None
) -> pd.DataFrame:
    """The family's figures of one breakdown ('' = whole authority) for each authority, from `since` (YYYY-MM)."""
    query = sa.select(*(month_figures.c[c] for c in COLUMNS)).where(
        month_figures.c.la_code.in_(list(la_codes)),
        month_figures.c.family == family,
        month_figures.c.breakdown == breakdown,
    )
    if since:
        query = query.where(month_figures.c.month >= since)
    ordered = query.order_by(month_figures.c.la_code, month_figures.c.code, month_figures.c.month)
    return result_frame(conn.execute(ordered))
