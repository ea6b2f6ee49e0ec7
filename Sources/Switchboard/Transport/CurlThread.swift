import CCurl

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Starts a detached OS thread (not a Swift task) running `body`.
/// - Returns: `false` if the thread could not be created.
func startDetachedThread(name: String, _ body: @escaping @Sendable () -> Void) -> Bool {
    final class Payload {
        let name: String
        let body: @Sendable () -> Void
        init(name: String, body: @escaping @Sendable () -> Void) {
            self.name = name
            self.body = body
        }
    }
    let payload = Unmanaged.passRetained(Payload(name: name, body: body)).toOpaque()
    #if canImport(Darwin)
        var thread: pthread_t?
    #else
        var thread = pthread_t()
    #endif
    let rc = pthread_create(
        &thread, nil,
        { argument in
            guard let argument else { return nil }
            let payload = Unmanaged<Payload>.fromOpaque(argument).takeRetainedValue()
            ccurl_name_current_thread(payload.name)
            payload.body()
            return nil
        }, payload)
    guard rc == 0 else {
        Unmanaged<Payload>.fromOpaque(payload).release()
        return false
    }
    #if canImport(Darwin)
        if let thread { pthread_detach(thread) }
    #else
        pthread_detach(thread)
    #endif
    return true
}
