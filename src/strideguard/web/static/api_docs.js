// Swagger UI for the JSON API, served locally (no CDN). Writes carry the page's CSRF token.
(function () {
  "use strict";
  var root = document.getElementById("swagger-ui");
  var csrf = root.dataset.csrf;
  window.SwaggerUIBundle({
    url: root.dataset.spec,
    dom_id: "#swagger-ui",
    deepLinking: true,
    requestInterceptor: function (request) {
      request.headers["X-CSRF-Token"] = csrf;
      return request;
    }
  });
})();
