/// Form fields looked up by name, the last occurrence winning (what a dictionary filled pair by
/// pair answers), by a scan from the end: a send has a handful of fields, and hashing them all
/// into a dictionary cost more than the lookups.
struct LastFields {
    /// The fields in the order they came.
    let pairs: [(String, String)]

    init(_ pairs: [(String, String)]) { self.pairs = pairs }

    subscript(name: String) -> String? {
        for (key, value) in pairs.reversed() where key == name { return value }
        return nil
    }
}
