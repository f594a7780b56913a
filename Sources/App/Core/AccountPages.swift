import Fluent
import Vapor

/// Sign-in, sign-out, language, the person's own account and notices.
enum AccountPages {
    struct SignInForm: CheckedInput {
        var username: String?; var password: String?; var next: String?
        static let schema = InputSchema("SignInForm", [("username", InputFields.username), ("password", InputFields.password), ("next", InputFields.nextPath)])
    }
    struct TokenForm: CheckedInput {
        var name: String?
        static let schema = InputSchema("TokenForm", [("name", Tokens.name)])
    }
    static let propertyChoice = InputField(.uuid, label: Text("项目", "property"))

    static func registerPublic(_ web: any RoutesBuilder) {
        web.get("login") { req async throws -> Response in
            if req.auth.has(Actor.self) { return req.redirect(to: "/") }
            return try await signInPage(req, error: nil, username: "")
        }
        web.post("login") { req async throws -> Response in
            let (form, problem) = try req.formInput(SignInForm.self)
            do {
                // An odd `next` only means the person lands on the home page.
                if let problem, problem.field != "next" { throw problem }
                let staff = try await SignIn.verify(username: form.username ?? "", password: form.password ?? "", on: req)
                // A new session id at sign-in, so an id planted before it is worth nothing.
                if let old = req.session.id {
                    try await req.application.sessions.driver.deleteSession(old, for: req).get()
                    req.session.id = nil
                }
                req.session.data["staff"] = staff.id!.text
                let target = SafeRedirect.path(form.next)
                return req.redirect(to: target, redirectType: .normal)
            } catch let error as WuyeError {
                return try await signInPage(req, error: error, username: form.username ?? "")
            }
        }
        web.get("language", ":language") { req -> Response in
            let language = Language(rawValue: req.parameters.get("language") ?? "") ?? .zh
            let back = SafeRedirect.path(req.queryItems["back"]?.last)
            let response = req.redirect(to: back)
            response.cookies[Language.cookieName] = HTTPCookies.Value(string: language.rawValue, maxAge: 365 * 86400, path: "/", sameSite: .lax)
            return response
        }
    }

    static func signInPage(_ req: Request, error: WuyeError?, username: String) async throws -> Response {
        let ctx = try await req.viewContext()
        let next = SafeRedirect.path(req.queryItems["next"]?.last ?? (req.method == .POST ? try? req.content.get(String.self, at: "next") : nil))
        let response = Layout.page(ctx, title: ctx.t("登录", "Sign in")) {
            H.div(.class("card narrow")) {
                H.h1 { ctx.t("登录物业客服系统", "Sign in to Wuye") }
                if let error { H.p(.class("error-box"), .attr("role", "alert")) { ctx.t(error.message) } }
                H.form(.method("post"), .action("/login")) {
                    ctx.csrfField
                    H.input(.type("hidden"), .name("next"), .value(next))
                    H.div(.class("field")) {
                        H.label(.for("username")) { ctx.t("用户名", "Username") }
                        H.input(.name("username"), .id("username"), .value(username), .required, .attr("maxlength", "40"), .attr("autocomplete", "username"), .attr("autocapitalize", "none"))
                    }
                    H.div(.class("field")) {
                        H.label(.for("password")) { ctx.t("密码", "Password") }
                        H.input(.name("password"), .id("password"), .type("password"), .required, .attr("maxlength", "128"), .attr("autocomplete", "current-password"))
                    }
                    H.button(.id("sign-in")) { ctx.t("登录", "Sign in") }
                }
            }
        }
        if let error { response.status = error.status }
        return response
    }

    static func register(_ pages: any RoutesBuilder) {
        pages.get(use: StartPage.show)
        pages.post("logout") { req -> Response in
            req.session.destroy()
            return req.redirect(to: "/login", redirectType: .normal)
        }
        pages.get("switch-property") { req async throws -> Response in
            let actor = try req.actor
            guard let id = try req.queryValue("property", propertyChoice).flatMap(UUID.init(uuidString:)), actor.propertyIDs.contains(id) else { return req.redirect(to: "/") }
            req.session.data["property"] = id.text
            return req.redirect(to: Policy.allows(actor, .viewKeys, at: id) ? "/properties/\(id)/keys" : "/")
        }
        pages.get("choose-property", use: chooseProperty)
        pages.get("account") { req in try await account(req, form: .blank) }
        pages.post("account", "tokens") { req async throws -> Response in
            try await req.formAction(render: { try await account(req, form: $0) }) {
                let name = Input.text(try req.input(TokenForm.self).name) ?? "token"
                let (_, token) = try await Tokens.create(for: try req.actor, name: name, on: req)
                req.session.data["new_token"] = token
                return (Text("已创建令牌", "Token created"), "/account")
            }
        }
        pages.post("account", "password") { req async throws -> Response in
            try await req.formAction(render: { try await account(req, form: $0) }) {
                try await OrganisationService.changeOwnPassword(try req.input(OrganisationService.PasswordChange.self), of: try req.actor, now: req.now, app: req.application)
                return (Text("密码已修改", "Password changed"), "/account")
            }
        }
        pages.post("account", "tokens", ":tokenID", "revoke") { req async throws -> Response in
            try await Tokens.revoke(req.parameters.get("tokenID", as: UUID.self), by: try req.actor, on: req)
            req.flash(Text("令牌已撤销", "Token revoked"))
            return req.redirect(to: "/account", redirectType: .normal)
        }
        NoticesPage.register(pages)
    }

    /// For people assigned to many properties: find one by name or code.
    @Sendable static func chooseProperty(req: Request) async throws -> Response {
        let actor = try req.actor
        let ctx = try await req.viewContext()
        let search = try req.queryValue("q", InputFields.search)
        let query = Property.query(on: req.db).filter(\.$id ~~ Array(actor.propertyIDs))
        if let search { query.group(.or) { $0.filter(\.$name ~~ search).filter(\.$code ~~ search) } }
        let total = try await query.count()
        let rows = try await query.copy().sort(\.$name).limit(100).all()
        return Layout.page(ctx, title: ctx.t("切换项目", "Change property")) {
            H.h1 { ctx.t("切换项目", "Change property") }
            H.form(.class("filters"), .method("get"), .action("/choose-property")) {
                H.input(.type("search"), .name("q"), .value(search ?? ""), .placeholder(ctx.t("项目名称或代码", "Property name or code")))
                H.button { ctx.t("查找", "Find") }
            }
            H.ul(.id("properties")) {
                for property in rows {
                    H.li { H.a(.href("/switch-property?property=\(property.id!)")) { property.name }; " · " + property.code }
                }
            }
            if total > rows.count {
                H.p(.class("muted")) { ctx.t("共 \(total) 个，只显示前 \(rows.count) 个，请输入名称查找", "\(total) in all; showing the first \(rows.count): search by name") }
            }
        }
    }

    static func account(_ req: Request, form: FormState) async throws -> Response {
        let actor = try req.actor
        let ctx = try await req.viewContext()
        let tokens = try await APIToken.query(on: req.db).filter(\.$staff.$id == actor.id).filter(\.$revokedAt == nil).sort(\.$createdAt, .descending).all()
        let newToken = req.session.data["new_token"]
        req.session.data["new_token"] = nil
        return Layout.page(ctx, title: ctx.t("我的账号", "My account")) {
            H.h1 { actor.name }
            H.div(.class("card")) {
                H.dl(.class("facts")) {
                    H.dt { ctx.t("用户名", "Username") }; H.dd { actor.username }
                    H.dt { ctx.t("部门", "Department") }; H.dd { ctx.t(actor.department.title) }
                    H.dt { ctx.t("职级", "Rank") }; H.dd { ctx.t(actor.rank.title) }
                    H.dt { ctx.t("项目", "Properties") }
                    H.dd { ctx.propertyCount > Layout.switcherLimit ? ctx.t("\(ctx.propertyCount) 个", "\(ctx.propertyCount)") : ctx.properties.map(\.name).joined(separator: "、") }
                }
            }
            H.h2 { ctx.t("API 令牌", "API tokens") }
            if let newToken {
                H.p(.class("flash")) { ctx.t("新令牌（只显示这一次，请妥善保存）：", "New token (shown only this once; keep it safe): "); H.code(.id("new-token")) { newToken } }
            }
            if !tokens.isEmpty {
                H.ul {
                    for token in tokens {
                        H.li { token.name + " · " + token.prefix + "… · "; Layout.postButton(ctx, action: "/account/tokens/\(token.id!)/revoke", label: ctx.t("撤销", "Revoke")) }
                    }
                }
            }
            H.form(.class("card"), .method("post"), .action("/account/tokens")) {
                ctx.csrfField
                Form.input(ctx, form, "name", label: ctx.t("新令牌名称，如“手机”", "New token name, e.g. phone"), field: Tokens.name, required: true)
                H.button { ctx.t("创建令牌", "Create token") }
            }
            H.h2 { ctx.t("修改密码", "Change password") }
            H.form(.class("card"), .method("post"), .action("/account/password"), .id("password-form")) {
                ctx.csrfField
                Form.problems(ctx, form.isRefused && form.value("current") != nil ? form : .blank)
                Form.input(ctx, form, "current", label: ctx.t("当前密码", "Current password"), field: InputFields.password, type: "password",
                           required: true, extra: [.attr("autocomplete", "current-password")])
                Form.input(ctx, form, "new", label: ctx.t("新密码（至少 8 位）", "New password (8 or more characters)"), field: InputFields.password, type: "password",
                           required: true, extra: [.attr("autocomplete", "new-password")])
                Form.input(ctx, form, "repeat", label: ctx.t("再次输入新密码", "New password again"), field: InputFields.password, type: "password",
                           required: true, extra: [.attr("autocomplete", "new-password")])
                H.button { ctx.t("修改密码", "Change password") }
            }
        }
    }
}

/// API tokens: shared by the account page and the API.
enum Tokens {
    static let name = InputField.text(60, label: Text("令牌名称", "name"))

    static func create(for actor: Actor, name: String, on req: Request) async throws -> (APIToken, String) {
        guard name.count <= 60 else { throw WuyeError.invalid("name", Text("名称不能超过 60 字", "The name may be at most 60 characters")) }
        let token = APIToken.generate()
        let record = APIToken()
        record.id = UUID()
        record.$staff.id = actor.id
        record.name = name
        record.tokenHash = APIToken.hash(token)
        record.prefix = String(token.prefix(9))
        record.createdAt = req.now
        let now = req.now
        try await req.write { db in
            try await record.create(on: db)
            try await AuditLog.note("api_token.created", recordType: "api_token", recordID: record.id!, by: .person(actor), property: nil, at: now, on: db)
        }
        return (record, token)
    }

    static func revoke(_ id: UUID?, by actor: Actor, on req: Request) async throws {
        guard let id, let token = try await APIToken.find(id, on: req.db), token.$staff.id == actor.id else {
            throw WuyeError.notFound(Text("令牌", "token"), field: "tokenID")
        }
        guard token.revokedAt == nil else { return }
        let now = req.now
        try await req.write { db in
            token.revokedAt = now
            try await token.update(on: db)
            try await AuditLog.note("api_token.revoked", recordType: "api_token", recordID: id, by: .person(actor), property: nil, at: now, on: db)
        }
    }
}
