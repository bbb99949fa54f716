// Lists the endpoints of /openapi.json. Every value is inserted with textContent.
"use strict";

function el(tag, text, cls) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = String(text);
  if (cls) node.className = cls;
  return node;
}

function schemaName(ref) {
  return typeof ref === "string" ? ref.split("/").pop() : "";
}

function renderSchema(name, schema) {
  const box = el("section", null, "schema");
  box.appendChild(el("h3", name));
  const dl = el("dl");
  const props = schema.properties || {};
  const required = new Set(schema.required || []);
  for (const [key, prop] of Object.entries(props)) {
    const type = prop.$ref ? schemaName(prop.$ref)
      : prop.anyOf ? prop.anyOf.map((p) => p.$ref ? schemaName(p.$ref) : p.type).join(" | ")
      : prop.type === "array" && prop.items ? (prop.items.$ref ? schemaName(prop.items.$ref) : prop.items.type) + "[]"
      : prop.enum ? prop.enum.join(" | ") : prop.type;
    dl.appendChild(el("dt", key + (required.has(key) ? " (required)" : "") + ": " + (type || "any")));
    dl.appendChild(el("dd", prop.description || ""));
  }
  box.appendChild(dl);
  return box;
}

async function main() {
  const target = document.getElementById("endpoints");
  try {
    const response = await fetch("/openapi.json");
    const spec = await response.json();
    target.textContent = "";
    target.appendChild(el("h2", spec.info.title + " " + spec.info.version));
    for (const [path, ops] of Object.entries(spec.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        const box = el("section", null, "endpoint");
        box.appendChild(el("h3", method.toUpperCase() + " " + path));
        if (op.description || op.summary) box.appendChild(el("p", op.description || op.summary));
        for (const param of op.parameters || []) {
          const values = param.schema && param.schema.$ref ? spec.components.schemas[schemaName(param.schema.$ref)].enum : null;
          box.appendChild(el("p", "query " + param.name + (values ? " = " + values.join(" | ") : "") + ": " + (param.description || "")));
        }
        const body = op.requestBody && op.requestBody.content["application/json"];
        if (body) box.appendChild(el("p", "body: " + schemaName(body.schema.$ref)));
        box.appendChild(el("p", "responses: " + Object.keys(op.responses).join(", ")));
        target.appendChild(box);
      }
    }
    target.appendChild(el("h2", "Schemas"));
    for (const [name, schema] of Object.entries(spec.components.schemas || {})) {
      if (schema.properties) target.appendChild(renderSchema(name, schema));
    }
  } catch (err) {
    target.textContent = "Could not load /openapi.json: " + err;
  }
}

main();
