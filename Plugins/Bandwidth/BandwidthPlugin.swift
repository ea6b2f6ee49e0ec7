/// The Bandwidth provider plugin module (see BandwidthProvider).
public enum BandwidthPlugin {
    /// The plugin kind used in providers.yaml.
    public static let kind = "bandwidth"
}
