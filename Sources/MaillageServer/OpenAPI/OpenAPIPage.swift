/// The OGC landing page's `service-doc`: the operations of the OpenAPI document as an HTML table, for a
/// person; `/api/v1/openapi.json` stays the definition tools read.
enum OpenAPIPage {
    static var html: String {
        var rows = ""
        for (path, operations) in OpenAPIDocument.operations {
            for (method, operation) in operations {
                let access = switch operation.access {
                case .open: "public"
                case .authenticated: "ars or coordinator token"
                case .coordinator: "coordinator token"
                case .practitioner: "practitioner token"
                case .anyToken: "any token"
                }
                let statuses = operation.allResponses.map(\.0).joined(separator: " ")
                rows += "<tr><td>\(method.uppercased())</td><td><code>\(escape(path))</code></td><td>\(escape(operation.summary))</td>"
                    + "<td>\(access)</td><td>\(statuses)</td></tr>\n"
            }
        }
        return """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><title>Maillage API</title>
        <style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 8px;text-align:left}</style>
        </head><body><h1>Maillage API</h1>
        <p>The OpenAPI 3.1 definition: <a href="/api/v1/openapi.json">/api/v1/openapi.json</a>. OGC API – Features: <a href="/ogc">/ogc</a>.
        Tokens go in <code>Authorization: Bearer TOKEN</code>; a token the service does not know is a 401 on every route.</p>
        <table><tr><th>Method</th><th>Path</th><th>What</th><th>Who</th><th>Statuses</th></tr>
        \(rows)</table></body></html>
        """
    }

    private static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }
}
