/// Switchboard: a plugin-based notification router.
///
/// Apps build a ``MessageRouter`` from a rules directory; ops teams describe routing in YAML.
public enum SwitchboardVersion {
    /// The library version.
    public static let current = "0.1.0"
}
