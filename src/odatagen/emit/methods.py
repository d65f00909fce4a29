"""How the builders' methods are written: `def` lines and bodies laid out as black lays them out
(`text.def_line`, `text.statement`), so that black finds nothing to change."""

from __future__ import annotations

from .client import OperationView, target
from .text import def_line, literal, statement


def operation_def(op: OperationView, indent: int = 4) -> str:
    """The method of one action or function: keyword-only parameters (the required ones, not
    nullable, without a default), `if_match` for an action, the request it builds."""
    required = [p for p in op.params if not p.nullable]
    optional = [p for p in op.params if p.nullable]
    args = ["self", "*"] if op.params or op.if_match else ["self"]
    args += [f"{p.python_name}: {p.annotation}" for p in required]
    args += [f"{p.python_name}: {p.annotation} = None" for p in optional]
    if op.if_match:
        args.append("if_match: ETag = None")
    spec = " ".join(f"{p.wire}:{p.edm}" for p in op.params)
    call = [literal(op.method), literal(op.wire), literal(op.returns), "if_match" if op.if_match else "None"]
    call += [literal(spec), *(p.python_name for p in op.params)]
    kind = "Action" if op.method == "POST" else "Function"
    pad = " " * indent
    returns, body = f"HttpRequest[{op.response}]", statement("return self._operation(", ", ".join(call), indent + 4)
    if op.composes is not None:
        many = op.composes_many
        kind = "Composable function"
        returns = op.composes_type
        compose = [literal(op.wire), literal(target(op.composes)), str(many), literal(spec), *(p.python_name for p in op.params)]
        body = statement("return self._compose(", ", ".join(compose), indent + 4)
    return "\n".join(
        [
            f"{pad}@operation",
            def_line(op.python_name, args, returns, indent),
            f'{pad}    """{kind} `{op.wire}`."""',
            body,
        ]
    )


def property_def(name: str, returns: str, indent: int = 4) -> str:
    """The `def` line of a navigation property or an entity set, as black writes it."""
    return def_line(name, ["self"], returns, indent)
