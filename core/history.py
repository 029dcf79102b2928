"""History for rows written in bulk, copied by the database itself."""

from django.db import connections, router
from django.db.models import CharField, DateTimeField, IntegerField, TextField, Value
from django.utils import timezone

HISTORY_COLUMNS = ("history_date", "history_change_reason", "history_type", "history_user_id")


def history_copy(model, pks, *, history_type: str, user=None, reason: str | None = None, batch_size=2000):
    """Write one history row (django-simple-history's table) for each record of `model` in `pks`, as it now
    stands: `history_type` "+" after a bulk_create, "~" after a bulk_update, with who and why.

    What simple-history's bulk_create_with_history and bulk_update_with_history write, but as one
    INSERT … SELECT a batch, without a model instance of each row in Python: for an import of 100,000
    observations those instances cost more than writing the observations themselves.
    """
    history = model.history.model
    tracked = [
        field
        for field in history._meta.concrete_fields
        if field.column not in ("history_id", *HISTORY_COLUMNS)
    ]
    using = router.db_for_write(history)
    connection = connections[using]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(name) for name in [*(field.column for field in tracked), *HISTORY_COLUMNS])
    constants = {
        "_history_date": Value(timezone.now(), output_field=DateTimeField()),
        "_history_reason": Value(reason, output_field=TextField()),
        "_history_type": Value(history_type, output_field=CharField()),
        "_history_user": Value(getattr(user, "pk", None), output_field=IntegerField()),
    }
    pks = list(pks)
    for start in range(0, len(pks), batch_size):
        rows = (
            model._base_manager.using(using)
            .filter(pk__in=pks[start : start + batch_size])
            .order_by()
            .annotate(**constants)
            .values_list(*(field.attname for field in tracked), *constants)
        )
        sql, params = rows.query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute(f"INSERT INTO {quote(history._meta.db_table)} ({columns}) {sql}", params)
