import Fluent
import Vapor

/// 登记钥匙 — a unit's first keys, registered with its lock (KY-1). New keys
/// for a unit that already has keys come only with a lock change (KY-5).
enum RegisterKeysPage {
    static func register(_ pages: any RoutesBuilder) {
        pages.get("properties", ":propertyID", "register-keys") { req in try await show(req, form: .blank) }
        pages.post("properties", ":propertyID", "register-keys") { req in
            try await req.formAction(render: { try await show(req, form: $0) }) {
                let form = try req.input(KeysPages.NewKeyRowsForm.self)
                let rows = try NewKeyRows.read(req)
                guard let unitID = try Input.uuid(form.unitID, field: "unitID") else {
                    throw WuyeError.missing("unitID", Text("房号", "the unit"), choose: true, rule: "KY-1")
                }
                do {
                    let keys = try await KeyCabinet.registerKeys(unitID: unitID, NewKeysInput(keys: rows.keys), on: req)
                    return (Text("已登记 \(keys.count) 把钥匙", "\(keys.count) keys registered"), "/properties/\(req.parameters.get("propertyID") ?? "")/keys")
                } catch let error as WuyeError {
                    throw rows.placing(error)
                }
            }
        }
    }

    static func show(_ req: Request, form: FormState) async throws -> Response {
        let actor = try req.actor
        let property = try await KeyQueries.property(req.parameters.get("propertyID", as: UUID.self), for: actor, action: .registerKeys, on: req)
        let ctx = try await req.viewContext(propertyID: property.id)
        let withKeys = Set(try await RoomKey.query(on: req.db).filter(\.$property.$id == property.id).filter(\.$status != .retired)
            .field(\.$unit.$id).all().map { $0.$unit.id })
        let units = try await Unit.query(on: req.db).filter(\.$property.$id == property.id).with(\.$building).all()
            .filter { !withKeys.contains($0.id!) }.sorted { UnitLabel.of($0) < UnitLabel.of($1) }
        return Layout.page(ctx, title: ctx.t("登记钥匙", "Register keys")) {
            H.h1 { ctx.t("登记钥匙", "Register keys") }
            H.p(.class("muted")) { ctx.t("只能为尚无钥匙的房号登记原锁的钥匙；丢失或损坏后的新钥匙随换锁任务登记。严禁私自配制钥匙。",
                                         "Only a unit without keys has its lock's keys registered here; after a loss or damage, new keys come with the lock change. Keys are never copied.") }
            if units.isEmpty { H.p(.class("empty-state")) { ctx.t("所有房号都已登记钥匙", "Every unit already has its keys registered") } }
            else {
                Form.problems(ctx, form)
                H.form(.method("post"), .action("/properties/\(property.id)/register-keys"), .id("register-form")) {
                    ctx.csrfField
                    Form.select(ctx, form, "unitID", label: ctx.t("房号", "Unit"), options: units.map { ($0.id!.text, UnitLabel.of($0)) },
                                prompt: ctx.t("请选择", "Choose"), required: true)
                    NewKeyRows.fields(ctx, form, count: NewKeyRows.count)
                    H.button { ctx.t("登记", "Register") }
                }
            }
        }
    }
}

extension KeysPages {
    /// Up to four rows of tag / hook / kind on one form, and the unit when registering.
    struct NewKeyRowsForm: CheckedInput {
        var tag1: String?, hook1: String?, kind1: String?
        var tag2: String?, hook2: String?, kind2: String?
        var tag3: String?, hook3: String?, kind3: String?
        var tag4: String?, hook4: String?, kind4: String?
        var unitID: String?

        static let schema: InputSchema = {
            var fields: [(String, InputField)] = []
            for row in 1...NewKeyRows.count {
                for (name, field) in KeyRules.NewKey.schema.fields { fields.append(("\(name)\(row)", field)) }
            }
            fields.append(("unitID", InputField(.uuid, label: Text("房号", "unitID"), rule: "KY-1")))
            return InputSchema("NewKeyRowsForm", fields)
        }()
    }
}
