// Telegram opens the Mini App with its signed init data in the URL fragment (#tgWebAppData=...).
// Send it to the server, which checks Telegram's signature and starts a session. Nothing is loaded
// from Telegram's servers: the fragment is all we need.
(function () {
  "use strict";
  var fragment = new URLSearchParams(window.location.hash.slice(1));
  var data = fragment.get("tgWebAppData");
  if (!data && window.Telegram && window.Telegram.WebApp) {
    data = window.Telegram.WebApp.initData;
  }
  if (!data) {
    return;
  }
  document.getElementById("init-data").value = data;
  document.getElementById("mini-app-login").submit();
})();
