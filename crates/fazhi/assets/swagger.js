// Loads Swagger UI (vendored under /assets) against this server's OpenAPI document.
window.addEventListener('load', function () {
  if (window.SwaggerUIBundle) {
    window.SwaggerUIBundle({ url: '/api/v1/openapi.json', dom_id: '#swagger-ui' });
  }
});
