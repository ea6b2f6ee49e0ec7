/// The SMSCX provider plugin module (see SMSCXProvider).
public enum SMSCXPlugin {
    /// The plugin kind used in providers.yaml.
    public static let kind = "smscx"
}
