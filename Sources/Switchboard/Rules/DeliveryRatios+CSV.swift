extension DeliveryRatios {
    /// The columns of a delivery-receipt CSV.
    static let csvColumns = ["provider", "country", "delivered", "failed"]

    /// Reads receipt counts from CSV text: `provider,country,delivered,failed`, one row per line
    /// (`switchboard explain --delivery FILE`).
    ///
    /// An optional header row with exactly those column names comes first; `#` starts a comment
    /// line; blank lines are skipped. Every problem is reported at once.
    ///
    /// - Parameter file: the name used in diagnostics.
    /// - Throws: ``RuleSetError`` with a `file:line:column` diagnostic per bad row.
    public static func samples(csv text: String, file: String) throws(RuleSetError) -> [Sample] {
        let reader = RuleFileReader(file: file)
        var samples: [Sample] = []
        var lineNumber = 0
        var firstRow = true
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            let line = rawLine.trimmingSpaces()
            if line.isEmpty || line.hasPrefix("#") { continue }
            let cells = line.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingSpaces() }
            let node = YAMLNode(.scalar(line, plain: true), line: lineNumber, column: 1)
            defer { firstRow = false }
            if firstRow, cells.first?.lowercased() == "provider" {
                if cells.map({ $0.lowercased() }) != csvColumns {
                    reader.report(.invalidValue, at: node,
                                  "delivery file header must be \(csvColumns.joined(separator: ","))",
                                  hint: "name the columns in that order, or leave the header out")
                }
                continue
            }
            guard cells.count == 4, !cells[0].isEmpty else {
                reader.report(.invalidValue, at: node,
                              "delivery row has \(cells.count) columns; expected provider,country,delivered,failed",
                              hint: "for example: vonage,NL,950,50")
                continue
            }
            guard let country = reader.country(cells[1], at: node) else { continue }
            guard let delivered = Int(cells[2]), let failed = Int(cells[3]), delivered >= 0, failed >= 0 else {
                reader.report(.invalidValue, at: node,
                              "delivered and failed must be whole numbers ≥ 0, found '\(cells[2])' and '\(cells[3])'",
                              hint: "count final delivery receipts: delivered and failed (pending ones are left out)")
                continue
            }
            samples.append((provider: ProviderID(cells[0]), country: country, delivered: delivered, failed: failed))
        }
        if !reader.diagnostics.isEmpty { throw RuleSetError(diagnostics: reader.diagnostics) }
        return samples
    }
}
