use axum::extract::Path;
use axum::http::header;
use axum::response::{IntoResponse, Response};

/// Static files compiled into the binary: one file to deploy, nothing to fetch.
const FILES: &[(&str, &str, &[u8])] = &[
    ("app.css", "text/css; charset=utf-8", include_bytes!("../../assets/app.css")),
    ("console.js", "text/javascript; charset=utf-8", include_bytes!("../../assets/console.js")),
    ("favicon.svg", "image/svg+xml", include_bytes!("../../assets/favicon.svg")),
    ("swagger.js", "text/javascript; charset=utf-8", include_bytes!("../../assets/swagger.js")),
    // Swagger UI, vendored from the npm package swagger-ui-dist (Apache-2.0; see assets/swagger-ui-LICENSE.txt).
    ("swagger-ui-bundle.js", "text/javascript; charset=utf-8", include_bytes!("../../assets/swagger-ui-bundle.js")),
    ("swagger-ui.css", "text/css; charset=utf-8", include_bytes!("../../assets/swagger-ui.css")),
];

pub async fn serve(Path(file): Path<String>) -> Response {
    match FILES.iter().find(|(n, _, _)| *n == file) {
        Some((_, mime, body)) => ([(header::CONTENT_TYPE, *mime), (header::CACHE_CONTROL, "public, max-age=3600")], *body).into_response(),
        None => crate::web::pages::not_found().await.into_response(),
    }
}

/// Browsers ask for /favicon.ico whatever the page says.
pub async fn favicon() -> Response {
    serve(Path("favicon.svg".to_string())).await
}
