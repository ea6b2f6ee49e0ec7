/// Form fields looked up by name, the first occurrence winning (what a dictionary built with
/// `uniquingKeysWith: { first, _ in first }` answers), by a linear scan: a send has a handful of
/// fields, and hashing them all into a dictionary cost more than the lookups.
struct FirstFields {
    let pairs: [(String, String)]

    init(_ pairs: [(String, String)]) { self.pairs = pairs }

    subscript(name: String) -> String? {
        for (key, value) in pairs where key == name { return value }
        return nil
    }
}
