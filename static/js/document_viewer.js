/* The document viewer (templates/kyc/_preview.html): zoom in and out, fit, rotate left and right,
   and for a document of several pages the previous / next page and its thumbnails.

   No inline style anywhere (the CSP's style-src 'self' refuses style attributes): the image's
   size and turn are a CSS transform and the stage's size, both set through the CSSOM
   (element.style.…), which the CSP allows. The transform's origin is the image's top left
   corner; a translation brings the turned image back into the stage, so the frame scrolls
   over all of it. Keys while the frame has the focus: + and − zoom, 0 fits, R and L rotate. */
(function () {
  "use strict";

  var STEP = 1.25;
  var MIN_SCALE = 0.05;
  var MAX_SCALE = 8;
  var MAX_FIT = 4;

  function Viewer(root) {
    this.root = root;
    this.frame = root.querySelector(".document-viewer-frame");
    this.stage = root.querySelector(".document-viewer-stage");
    this.image = root.querySelector(".document-viewer-image");
    this.zoomLabel = root.querySelector("[data-viewer-zoom]");
    this.pageLabel = root.querySelector("[data-viewer-page-label]");
    this.pages = Array.prototype.slice.call(root.querySelectorAll("[data-viewer-page]"));
    this.page = 0;
    this.rotation = 0;
    this.scale = 1;
    this.fitted = true;
    this.bind();
    root.classList.add("is-ready");
    this.fit();
  }

  Viewer.prototype.bind = function () {
    var self = this;
    this.image.addEventListener("load", function () {
      if (self.fitted) {
        self.fit();
      } else {
        self.apply();
      }
    });
    this.root.addEventListener("click", function (event) {
      var button = event.target.closest("[data-viewer]");
      var thumb = event.target.closest("[data-viewer-page]");
      if (button && self.root.contains(button)) {
        self.command(button.getAttribute("data-viewer"));
      } else if (thumb && self.root.contains(thumb)) {
        event.preventDefault();
        self.show(self.pages.indexOf(thumb));
      }
    });
    this.frame.addEventListener("keydown", function (event) {
      var commands = { "+": "zoom-in", "=": "zoom-in", "-": "zoom-out", "0": "fit", r: "rotate-right", l: "rotate-left" };
      var name = commands[event.key.toLowerCase()];
      if (name && !event.ctrlKey && !event.metaKey && !event.altKey) {
        event.preventDefault();
        self.command(name);
      }
    });
    window.addEventListener("resize", function () {
      if (self.fitted) {
        self.fit();
      }
    });
  };

  Viewer.prototype.command = function (name) {
    switch (name) {
      case "zoom-in":
        this.zoom(this.scale * STEP);
        break;
      case "zoom-out":
        this.zoom(this.scale / STEP);
        break;
      case "fit":
        this.fit();
        break;
      case "rotate-left":
        this.rotate(-90);
        break;
      case "rotate-right":
        this.rotate(90);
        break;
      case "previous":
        this.show(this.page - 1);
        break;
      case "next":
        this.show(this.page + 1);
        break;
    }
  };

  /* The image's size once turned, at scale 1. */
  Viewer.prototype.turnedSize = function () {
    var width = this.image.naturalWidth || 1;
    var height = this.image.naturalHeight || 1;
    return this.rotation % 180 === 0 ? [width, height] : [height, width];
  };

  /* Until the image (a new page) has loaded, its size is unknown: the state is kept, and the
     image's load event applies it. */
  Viewer.prototype.loaded = function () {
    return this.image.complete && this.image.naturalWidth > 0;
  };

  Viewer.prototype.fit = function () {
    this.fitted = true;
    if (!this.loaded()) {
      return;
    }
    var size = this.turnedSize();
    var width = this.frame.clientWidth - 2;
    var height = this.frame.clientHeight - 2;
    this.scale = Math.max(MIN_SCALE, Math.min(width / size[0], height / size[1], MAX_FIT));
    this.apply();
  };

  Viewer.prototype.zoom = function (scale) {
    this.fitted = false;
    this.scale = Math.max(MIN_SCALE, Math.min(MAX_SCALE, scale));
    this.apply();
  };

  Viewer.prototype.rotate = function (degrees) {
    this.rotation = (this.rotation + degrees + 360) % 360;
    if (this.fitted) {
      this.fit();
    } else {
      this.apply();
    }
  };

  Viewer.prototype.apply = function () {
    if (!this.loaded()) {
      return;
    }
    var width = (this.image.naturalWidth || 1) * this.scale;
    var height = (this.image.naturalHeight || 1) * this.scale;
    var shift = { 0: [0, 0], 90: [height, 0], 180: [width, height], 270: [0, width] }[this.rotation];
    var turned = this.rotation % 180 === 0;
    this.image.style.width = this.image.naturalWidth + "px";
    this.image.style.height = this.image.naturalHeight + "px";
    this.image.style.transform =
      "translate(" + shift[0] + "px, " + shift[1] + "px) rotate(" + this.rotation + "deg) scale(" + this.scale + ")";
    this.stage.style.width = (turned ? width : height) + "px";
    this.stage.style.height = (turned ? height : width) + "px";
    if (this.zoomLabel) {
      this.zoomLabel.textContent = Math.round(this.scale * 100) + " %";
    }
    this.image.setAttribute("data-rotation", String(this.rotation));
  };

  Viewer.prototype.show = function (index) {
    if (index < 0 || index >= this.pages.length || index === this.page) {
      return;
    }
    var link = this.pages[index];
    this.pages[this.page].classList.remove("active");
    this.pages[this.page].removeAttribute("aria-current");
    link.classList.add("active");
    link.setAttribute("aria-current", "page");
    this.page = index;
    var total = this.pages.length;
    var number = link.getAttribute("data-viewer-page");
    this.image.src = link.getAttribute("href");
    this.image.alt = this.image.getAttribute("data-alt") + ", page " + number + " of " + total;
    if (this.pageLabel) {
      this.pageLabel.textContent = "Page " + number + " of " + total;
    }
    var previous = this.root.querySelector('[data-viewer="previous"]');
    var next = this.root.querySelector('[data-viewer="next"]');
    if (previous) {
      previous.disabled = index === 0;
    }
    if (next) {
      next.disabled = index === total - 1;
    }
  };

  function start() {
    document.querySelectorAll("[data-document-viewer]").forEach(function (root) {
      if (!root.documentViewer && root.querySelector(".document-viewer-image")) {
        root.documentViewer = new Viewer(root);
      }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
