import Foundation

/// The OpenAPI document served at `/openapi.json`; filled in below.
enum OpenAPI {
    static let document = "{}"
}
