/// The Vonage provider plugin module (see VonageProvider).
public enum VonagePlugin {
    /// The plugin kind used in providers.yaml.
    public static let kind = "vonage"
}
