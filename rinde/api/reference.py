"""The readable reference at /api/docs, built from the API's own OpenAPI document: each
operation with its parameters and the fields of what it returns. Swagger UI would need
scripts from a CDN and inline scripts, which the site's CSP forbids; this page is plain HTML
and always says what the schema says."""

from dataclasses import dataclass, field

TYPE_NAMES = {
    "string": "texto",
    "integer": "número entero",
    "number": "número",
    "boolean": "verdadero o falso",
    "array": "lista",
    "object": "objeto",
    "null": "nulo",
}
FORMAT_NAMES = {"date": "fecha AAAA-MM-DD", "date-time": "fecha y hora ISO 8601"}


@dataclass
class Parameter:
    name: str
    type: str
    description: str
    default: str


@dataclass
class Field:
    name: str  # dotted for nested fields: resultados[].dependencia.codigo
    type: str
    description: str


@dataclass
class Operation:
    path: str
    summary: str
    description: str
    anchor: str
    parameters: list[Parameter] = field(default_factory=list)
    fields: list[Field] = field(default_factory=list)


def _resolve(schema: dict, components: dict) -> dict:
    ref = schema.get("$ref")
    if ref:
        return components[ref.rsplit("/", 1)[-1]]
    return schema


def _without_null(schema: dict) -> dict:
    """A query parameter's schema without its "or null": leaving a parameter out is how a
    query says "none"."""
    options = [o for o in schema.get("anyOf", []) if o.get("type") != "null"]
    if len(options) == 1:
        return {**{k: v for k, v in schema.items() if k != "anyOf"}, **options[0]}
    return schema


def describe_type(schema: dict, components: dict) -> str:
    """A schema's type in Spanish words: "texto o nulo", "lista de objetos"."""
    if "anyOf" in schema:
        return " o ".join(describe_type(option, components) for option in schema["anyOf"])
    if "$ref" in schema:
        return "objeto"
    if "enum" in schema:
        return "uno de: " + ", ".join(str(value) for value in schema["enum"])
    kind = schema.get("type", "")
    if kind == "array":
        items = schema.get("items", {})
        if "$ref" in items or items.get("type") == "object":
            return "lista de objetos"
        return "lista de " + describe_type(items, components)
    if schema.get("format") in FORMAT_NAMES:
        return FORMAT_NAMES[schema["format"]]
    return TYPE_NAMES.get(kind, "valor")


def _object_of(schema: dict, components: dict) -> dict | None:
    """The object schema a field holds, directly, in a list, or nullable."""
    schema = schema.get("items", schema) if schema.get("type") == "array" else schema
    for option in schema.get("anyOf", [schema]):
        resolved = _resolve(option, components)
        if resolved.get("type") == "array":
            resolved = _resolve(resolved.get("items", {}), components)
        if resolved.get("properties"):
            return resolved
    return None


def flatten(schema: dict, components: dict, prefix: str = "", depth: int = 0) -> list[Field]:
    """Every field of an object schema, nested ones under their dotted name."""
    rows = []
    schema = _resolve(schema, components)
    for name, prop in schema.get("properties", {}).items():
        full = f"{prefix}{name}"
        is_list = prop.get("type") == "array"
        rows.append(Field(full, describe_type(prop, components), prop.get("description", "")))
        nested = _object_of(prop, components)
        if nested is not None and depth < 4:
            rows += flatten(nested, components, f"{full}{'[]' if is_list else ''}.", depth + 1)
    return rows


def operations(document: dict) -> list[Operation]:
    components = document.get("components", {}).get("schemas", {})
    result = []
    for path, methods in document.get("paths", {}).items():
        operation = methods.get("get")
        if operation is None:
            continue
        item = Operation(
            path=path,
            summary=operation.get("summary", ""),
            description=operation.get("description", ""),
            anchor="op-" + (path.strip("/").replace("/", "-").replace(".", "-") or "indice"),
        )
        for parameter in operation.get("parameters", []):
            schema = _without_null(parameter.get("schema", {}))
            default = schema.get("default")
            item.parameters.append(
                Parameter(
                    parameter["name"],
                    describe_type(schema, components),
                    parameter.get("description", schema.get("description", "")),
                    "" if default is None else str(default),
                )
            )
        responses = operation.get("responses", {})
        # Ninja keys the statuses by number; a document read back from JSON, by text.
        ok = responses.get(200) or responses.get("200") or {}
        schema = ok.get("content", {}).get("application/json", {}).get("schema")
        if schema:
            item.fields = flatten(schema, components)
        result.append(item)
    return result
