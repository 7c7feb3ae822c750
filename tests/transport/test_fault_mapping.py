"""Server faults mapped to odoorm errors: Odoo 16's unworded SQL constraint."""

from __future__ import annotations

import odoorm
from odoorm.transport.faults import CallInfo, from_json_error, from_xmlrpc_fault

#: The shape of Odoo 16's answer to a nameless partner (a chained traceback, shortened).
TRACEBACK = """Traceback (most recent call last):
  File "/odoo/service/model.py", line 134, in retrying
    result = func()
psycopg2.errors.CheckViolation: new row for relation "res_partner" violates check constraint "res_partner_check_name"
DETAIL:  Failing row contains (6078, null).


During handling of the above exception, another exception occurred:

Traceback (most recent call last):
  File "/odoo/service/model.py", line 146, in retrying
    raise _as_validation_error(env, exc) from exc
  File "/odoo/service/model.py", line 112, in _as_validation_error
    translate_sql_constraint(env.cr, exc.diag.constraint_name, env.context['lang'])
KeyError: 'lang'
"""
CALL = CallInfo("res.partner", "create")
CONSTRAINT = 'new row for relation "res_partner" violates check constraint "res_partner_check_name"'


def test_odoo16s_key_error_lang_over_xmlrpc_is_the_validation_error_it_meant() -> None:
    error = from_xmlrpc_fault(1, TRACEBACK, CALL)
    assert type(error) is odoorm.ValidationError and isinstance(error, odoorm.UserError)
    assert error.message.startswith(f"The operation cannot be completed: {CONSTRAINT}")
    assert "KeyError 'lang'" in error.message and error.traceback == TRACEBACK
    assert (error.model, error.method, error.server_class) == (
        "res.partner",
        "create",
        "odoo.exceptions.ValidationError",
    )


def test_odoo16s_key_error_lang_over_json_rpc_too() -> None:
    data = {"name": "builtins.KeyError", "message": "'lang'", "arguments": ["lang"], "debug": TRACEBACK}
    error = from_json_error(data, CALL)
    assert type(error) is odoorm.ValidationError and CONSTRAINT in error.message


def test_other_key_errors_keep_their_class() -> None:
    plain = from_json_error(
        {"name": "builtins.KeyError", "message": "'lang'", "debug": "Traceback...\nKeyError: 'lang'"}, CALL
    )
    assert type(plain) is odoorm.ServerError and plain.server_class == "builtins.KeyError"
    other = from_xmlrpc_fault(1, TRACEBACK.replace("KeyError: 'lang'", "KeyError: 'name'"), CALL)
    assert type(other) is odoorm.ServerError and other.server_class == "builtins.KeyError"
