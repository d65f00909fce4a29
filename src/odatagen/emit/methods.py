"""How the builders' methods are written: `def` lines and bodies laid out as black lays them out
(`text.def_line`, `text.statement`), so that black finds nothing to change."""

from __future__ import annotations

from .client import Method, OperationView, target
from .text import def_line, literal, statement


def method_def(method: Method, indent: int = 4) -> str:
    """An action or function: one method; or, overloaded, a `typing.overload` signature per
    overload for type checkers, the method that picks the overload the keywords given fit, and a
    private method per overload (`_name_1`, ...) that builds its request."""
    pad = " " * indent
    if not method.overloaded:
        op = method.overloads[0]
        return "\n".join([f"{pad}@operation", _def(op, op.python_name, indent), _docstring(op, indent), _body(op, indent)])
    name = method.python_name
    private = [f"_{name}_{i}" for i in range(1, len(method.overloads) + 1)]
    stubs = [f"{pad}@overload\n{_def(op, name, indent, body=' ...')}\n" for op in method.overloads]
    first = method.overloads[0]
    chooser = [
        f"{pad}@operation",
        def_line(name, ["self", "**arguments: Any"], "Any", indent),
        f'{pad}    """{_kind(first)} `{first.wire}`: the overload that takes the parameters given."""',
        statement("return self._overload(", ", ".join([literal(name), "arguments", *(f"self.{p}" for p in private)]), indent + 4),
    ]
    privates = [f"\n{_def(op, p, indent)}\n{_body(op, indent)}" for op, p in zip(method.overloads, private)]
    return "\n".join([*stubs, *chooser, *privates])


def _def(op: OperationView, name: str, indent: int, body: str = "") -> str:
    """The `def` line: keyword-only parameters (the required ones, not nullable, without a
    default), `if_match` for an action; it returns the request, or a composable function's
    builder."""
    required = [p for p in op.params if not p.nullable]
    optional = [p for p in op.params if p.nullable]
    args = ["self", "*"] if op.params or op.if_match else ["self"]
    args += [f"{p.python_name}: {p.annotation}" for p in required]
    args += [f"{p.python_name}: {p.annotation} = None" for p in optional]
    if op.if_match:
        args.append("if_match: ETag = None")
    returns = op.composes_type if op.composes is not None else f"HttpRequest[{op.response}]"
    return def_line(name, args, returns, indent, body=body)


def _kind(op: OperationView) -> str:
    return "Composable function" if op.composes is not None else "Action" if op.method == "POST" else "Function"


def _docstring(op: OperationView, indent: int) -> str:
    return f'{" " * indent}    """{_kind(op)} `{op.wire}`."""'


def _body(op: OperationView, indent: int) -> str:
    """`return` the request (`_operation`), or the composable function's builder (`_compose`)."""
    spec = " ".join(f"{p.wire}:{p.edm}" for p in op.params)
    values = [p.python_name for p in op.params]
    if op.composes is not None:
        compose = [literal(op.wire), literal(target(op.composes)), str(op.composes_many), literal(spec), *values]
        return statement("return self._compose(", ", ".join(compose), indent + 4)
    call = [literal(op.method), literal(op.wire), literal(op.returns), "if_match" if op.if_match else "None"]
    return statement("return self._operation(", ", ".join([*call, literal(spec), *values]), indent + 4)


def property_def(name: str, returns: str, indent: int = 4) -> str:
    """The `def` line of a navigation property or an entity set, as black writes it."""
    return def_line(name, ["self"], returns, indent)
