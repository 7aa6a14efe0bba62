/// The playground's JavaScript (``PlaygroundPage``): builds the `/v1/rank` request from the form,
/// sends it (with the API key as the Bearer token when one is given), and draws the answer, or
/// puts the API's error next to the field its `param` names (the banner when it names none).
/// Plain DOM code; nothing is loaded.
enum PlaygroundScript {
    static let text = #"""
        "use strict";
        (function () {
          const $ = (id) => document.getElementById(id);
          const SVG = "http://www.w3.org/2000/svg";
          // The methods in the paper's order; any other method of a response (MI*, …) follows.
          const METHOD_ORDER = ["G", "MI", "MI*", "SC", "D", "ER-G", "ER-D"];
          const METHOD_TITLES = {
            "G": "generator: log P(y | x, correct)", "MI": "mutual information", "SC": "self-consistency",
            "D": "discriminator: P(correct | x, y)", "ER-G": "equilibrium generator π_G*(y | correct)",
            "ER-D": "equilibrium discriminator π_D*(correct | y)",
          };
          const TRAJECTORY_POINTS = 200;
          let lastRequest = null;

          function el(tag, attributes, ...children) {
            const node = document.createElement(tag);
            for (const [name, value] of Object.entries(attributes || {})) {
              if (value === null || value === undefined || value === false) continue;
              if (name === "class") node.className = value; else node.setAttribute(name, value === true ? "" : String(value));
            }
            for (const child of children.flat()) {
              if (child === null || child === undefined) continue;
              node.append(child instanceof Node ? child : document.createTextNode(String(child)));
            }
            return node;
          }
          function svg(tag, attributes, text) {
            const node = document.createElementNS(SVG, tag);
            for (const [name, value] of Object.entries(attributes || {})) node.setAttribute(name, String(value));
            if (text !== undefined) node.textContent = text;
            return node;
          }
          // The wire writes infinities as strings ("-inf", "inf").
          function num(x) {
            if (typeof x === "number") return x;
            if (x === "-inf" || x === "-Infinity") return -Infinity;
            if (x === "inf" || x === "Infinity") return Infinity;
            return Number(x);
          }
          function fmt(x, digits) {
            x = num(x);
            if (!Number.isFinite(x)) return Number.isNaN(x) ? "—" : (x < 0 ? "−∞" : "∞");
            if (x !== 0 && (Math.abs(x) < 1e-3 || Math.abs(x) >= 1e5)) return x.toExponential(2);
            return x.toFixed(digits === undefined ? 3 : digits);
          }

          // ---- the form ----------------------------------------------------------------------
          function addCandidate(text) {
            const list = $("candidates");
            const input = el("input", { type: "text", class: "candidate", "aria-label": "candidate" });
            input.value = text || "";
            const remove = el("button", { type: "button", class: "secondary remove", title: "remove this candidate", "aria-label": "remove this candidate" }, "×");
            remove.addEventListener("click", () => { if (list.children.length > 2) { item.remove(); numberCandidates(); } });
            const item = el("li", {}, el("div", { class: "candidate-row" }, input, remove), el("p", { class: "field-error", "aria-live": "polite" }));
            list.append(item);
            numberCandidates();
            return input;
          }
          function numberCandidates() {
            const items = [...$("candidates").children];
            items.forEach((item, i) => { item.dataset.param = "candidates." + i; });
            items.forEach((item) => { item.querySelector("button.remove").disabled = items.length <= 2; });
          }
          function numberOrText(value) {
            const text = value.trim();
            if (text === "") return undefined;
            const x = Number(text);
            return Number.isFinite(x) ? x : text;  // the server names a field that is not a number
          }
          // options.apply_chat_template, and the system instruction that goes with it.
          function chatOptions() {
            if (!$("apply-chat-template").checked) return {};
            const instruction = $("system-instruction").value;
            return instruction.trim() === "" ? { apply_chat_template: true } : { apply_chat_template: true, system_instruction: instruction };
          }

          function buildRequest() {
            const body = { question: $("question").value, candidates: [...document.querySelectorAll("#candidates input.candidate")].map((i) => i.value) };
            const context = $("context").value;
            if (context.trim() !== "") body.context = context;
            const solver = $("solver").value;
            const options = { template: $("template").value, candidate_score: $("candidate-score").value, solver: solver };
            const lambda = numberOrText($("lambda").value);
            if (lambda !== undefined) options.lambda = lambda;
            const eta = numberOrText($("eta").value);
            if (eta !== undefined) options[solver === "extragradient" ? "extragradient_step_size" : "eta"] = eta;
            const iterations = numberOrText($("iterations").value);
            if (iterations !== undefined) options.iterations = iterations;
            const target = numberOrText($("target").value);
            if (target !== undefined) options.target_exploitability = target;
            if ($("on-degenerate").value !== "warn") options.on_degenerate = $("on-degenerate").value;
            // The exploitability is recorded every k iterations: about TRAJECTORY_POINTS points.
            const cap = Number.isInteger(iterations) && iterations > 0 ? iterations : 5000;
            options.exploitability_interval = Math.max(1, Math.ceil(cap / TRAJECTORY_POINTS));
            Object.assign(options, chatOptions());
            body.options = options;
            return body;
          }
          function headers() {
            const h = { "Content-Type": "application/json" };
            const key = $("api-key").value;
            if (key !== "") h["Authorization"] = "Bearer " + key;
            return h;
          }

          // ---- errors ------------------------------------------------------------------------
          function clearErrors() {
            $("banner").hidden = true;
            $("banner").replaceChildren();
            for (const node of document.querySelectorAll("[data-param]")) {
              node.classList.remove("invalid");
              const slot = node.querySelector(":scope > .field-error");
              if (slot) slot.textContent = "";
            }
          }
          function banner(title, message) {
            $("banner").replaceChildren(el("b", {}, title), message);
            $("banner").hidden = false;
          }
          // The field whose data-param lists `param` (or, for "options.eta.x", its nearest parent).
          function fieldFor(param) {
            let name = param;
            while (name) {
              for (const node of document.querySelectorAll("[data-param]")) {
                if (node.dataset.param.split(" ").includes(name) && !node.closest("[hidden]")) return node;
              }
              const dot = name.lastIndexOf(".");
              name = dot > 0 ? name.slice(0, dot) : "";
            }
            return null;
          }
          function showFieldError(node, message) {
            node.classList.add("invalid");
            node.querySelector(":scope > .field-error").textContent = message;
            const input = node.querySelector("input, textarea, select");
            if (input) input.focus();
          }
          function showError(status, error, retryAfter) {
            // Next to a field: the API's message as it is; in a banner: as a sentence.
            const message = error && error.message ? error.message : "no message";
            const sentence = /[.!?]$/.test(message) ? message : message + ".";
            if (status === 401) {
              $("key-field").hidden = false;
              showFieldError($("key-field"), message);
              banner("401 Unauthorized:", " " + sentence + " Enter the server's API key above and rank again.");
              return;
            }
            if (status === 503) {
              banner("503 Busy:", " " + sentence + (retryAfter ? " Retry after " + retryAfter + " s." : ""));
              return;
            }
            const field = error && error.param ? fieldFor(error.param) : null;
            if (status === 400 && field) {
              showFieldError(field, message);
              banner("400:", " the request was refused; see the field marked in red (" + error.param + ").");
              return;
            }
            banner(status + ":", " " + sentence + (error && error.param ? " (field " + error.param + ")" : ""));
          }

          // ---- calls ---------------------------------------------------------------------------
          async function rank(event) {
            event.preventDefault();
            clearErrors();
            const request = buildRequest();
            lastRequest = request;
            const button = $("rank-button");
            button.disabled = true;
            $("status").textContent = "ranking: the model scores " + 3 * request.candidates.length + " prompts, then the game is solved…";
            const started = performance.now();
            try {
              const response = await fetch("/v1/rank", { method: "POST", headers: headers(), body: JSON.stringify(request) });
              const text = await response.text();
              const elapsed = performance.now() - started;
              let json = null;
              try { json = JSON.parse(text); } catch (_) { json = null; }
              if (!response.ok) {
                $("status").textContent = "";
                $("answer").hidden = true;  // an answer beside the error would be the last request's
                showError(response.status, json && json.error ? json.error : { message: text.slice(0, 300) || response.statusText }, response.headers.get("Retry-After"));
                return;
              }
              if (!json) { banner(response.status + ":", " the answer is not JSON: " + text.slice(0, 300)); $("status").textContent = ""; return; }
              $("status").textContent = "answered in " + Math.round(elapsed) + " ms";
              render(json, elapsed);
            } catch (error) {
              $("status").textContent = "";
              banner("No answer:", " the server could not be reached (" + error.message + ").");
            } finally {
              button.disabled = false;
            }
          }
          // The model's name; a 401 here says that the server needs a key.
          async function loadModel() {
            try {
              const response = await fetch("/v1/models", { headers: headers() });
              if (response.status === 401) { $("key-field").hidden = false; $("model-name").textContent = "(enter the API key)"; return; }
              const json = await response.json();
              $("model-name").textContent = json.data && json.data[0] ? json.data[0].id : "?";
            } catch (_) { $("model-name").textContent = "(not reachable)"; }
          }

          // ---- copy as curl --------------------------------------------------------------------
          function shellQuote(text) { return "'" + text.replace(/'/g, "'\\''") + "'"; }
          function curlCommand(request, key) {
            const parts = ["curl -s " + shellQuote(location.origin + "/v1/rank"), "-H 'Content-Type: application/json'"];
            if (key !== "") parts.push("-H " + shellQuote("Authorization: Bearer " + key));
            parts.push("-d " + shellQuote(JSON.stringify(request)));
            return parts.join(" \\\n  ");
          }
          async function copyCurl() {
            const key = $("api-key").value;
            const command = curlCommand(buildRequest(), key);
            // Shown with the key masked; the clipboard gets the exact request.
            $("curl").textContent = key === "" ? command : curlCommand(buildRequest(), "…");
            $("curl").hidden = false;
            try {
              await navigator.clipboard.writeText(command);
              $("status").textContent = "copied the curl command";
            } catch (_) {
              const area = el("textarea", {});
              area.value = command;
              document.body.append(area);
              area.select();
              const copied = document.execCommand && document.execCommand("copy");
              area.remove();
              $("status").textContent = copied ? "copied the curl command" : "select the command below to copy it";
            }
          }

          // ---- the answer ----------------------------------------------------------------------
          function methodsOf(response) {
            const names = Object.keys(response.pick || {});
            const known = METHOD_ORDER.filter((m) => names.includes(m));
            return known.concat(names.filter((m) => !METHOD_ORDER.includes(m)).sort());
          }
          function render(response, elapsed) {
            const candidates = response.question.candidates;
            const erD = response.pick["ER-D"];
            const recommended = response.recommended;
            const pc = response.probability_correct || [];
            $("summary").replaceChildren(
              el("p", {}, "Answer: ", el("span", { class: "answer", id: "recommended" }, candidates[recommended])),
              el("p", { class: "caption" }, recommended === erD
                ? "ER-D's pick, with P(correct) " + fmt(pc[recommended]) + "."
                : "G's pick: the game is degenerate and on_degenerate says to fall back (ER-D picks " + candidates[erD] + ")."),
              el("p", { class: "caption" }, "Question: " + response.question.question));
            $("warnings").replaceChildren(...(response.warnings || []).map((w) => el("div", { class: "warning", role: "status" }, "⚠ " + w)));
            renderMethods(response, candidates);
            renderBars($("probability-correct"), candidates, pc, "p-correct");
            renderPolicies(response, candidates);
            renderExploitability(response);
            renderCost(response, elapsed);
            $("raw").textContent = JSON.stringify(response, null, 2);
            $("answer").hidden = false;
          }
          function renderMethods(response, candidates) {
            const head = el("tr", {}, el("th", {}, "method"), candidates.map((c) => el("th", { title: c }, c)), el("th", {}, "pick"));
            const rows = methodsOf(response).map((method) => {
              const pick = response.pick[method];
              const scores = (response.scores || {})[method] || [];
              return el("tr", { class: "method", "data-method": method, "data-pick": pick },
                el("td", { class: "method-name", title: METHOD_TITLES[method] || method }, method),
                candidates.map((_, i) => el("td", { class: i === pick ? "pick" : null }, fmt(scores[i]))),
                el("td", { class: "pick-name" }, candidates[pick]));
            });
            $("methods").replaceChildren(el("thead", {}, head), el("tbody", {}, rows));
          }
          function barRow(label, values, classes) {
            const tracks = values.map((v, k) => el("div", { class: "track" },
              el("div", { class: "bar " + classes[k], style: "width:" + Math.max(0, Math.min(1, num(v))) * 100 + "%" })));
            return el("div", { class: "bar-row" }, el("span", { class: "label", title: label }, label),
              el("div", { class: values.length > 1 ? "pair" : "" }, tracks),
              el("span", { class: "value" }, values.map((v) => fmt(v)).join(" → ")));
          }
          function renderBars(container, candidates, values, kind) {
            container.replaceChildren(...candidates.map((c, i) => barRow(c, [values[i]], [kind])));
          }
          function renderPolicies(response, candidates) {
            const equilibrium = response.settings && response.settings.equilibrium_iterate === "average" ? response.average : response.final;
            const panel = (title, initial, final) => el("div", { class: "policy" }, el("h3", {}, title),
              candidates.map((c, i) => barRow(c, [initial[i], final[i]], ["initial", "equilibrium"])));
            $("policies").replaceChildren(
              panel("Generator π_G(y | correct)", response.initial.generator.correct, equilibrium.generator.correct),
              panel("Discriminator π_D(correct | y)", response.initial.discriminator.correct, equilibrium.discriminator.correct));
          }
          function renderExploitability(response) {
            const points = (response.trajectory || []).map((p) => ({ t: p.iteration, e: num(p.exploitability) }))
              .filter((p) => Number.isFinite(p.e));
            const container = $("exploitability");
            const summary = el("p", { class: "caption" },
              "from " + fmt(response.initial_exploitability) + " at π¹ to " + fmt(response.exploitability) + " after " +
              response.iterations_used + " iteration" + (response.iterations_used === 1 ? "" : "s") + " (" + response.settings.solver + ")" +
              (response.converged === true ? ", target reached" : response.converged === false ? ", target not reached" : "") + ".");
            if (points.length === 0) { container.replaceChildren(el("p", {}, "No trajectory in the response."), summary); return; }
            const W = 640, H = 240, L = 62, R = 14, T = 12, B = 36;
            const positive = points.filter((p) => p.e > 0).map((p) => p.e);
            const floor = positive.length ? Math.min(...positive) : 1e-12;
            const logs = points.map((p) => Math.log10(p.e > 0 ? p.e : floor));
            let lo = Math.floor(Math.min(...logs)), hi = Math.ceil(Math.max(...logs));
            const target = response.settings.target_exploitability;
            if (target > 0) { lo = Math.min(lo, Math.floor(Math.log10(target))); hi = Math.max(hi, Math.ceil(Math.log10(target))); }
            if (hi === lo) hi = lo + 1;
            const tMax = Math.max(1, ...points.map((p) => p.t));
            const x = (t) => L + (W - L - R) * t / tMax;
            const y = (lg) => T + (H - T - B) * (hi - lg) / (hi - lo);
            const chart = svg("svg", { id: "exploitability-chart", viewBox: "0 0 " + W + " " + H, role: "img",
              "aria-label": "exploitability over the iterations, log scale" });
            const step = Math.max(1, Math.ceil((hi - lo) / 8));
            for (let k = lo; k <= hi; k += step) {
              chart.append(svg("line", { class: "grid", x1: L, x2: W - R, y1: y(k), y2: y(k) }));
              chart.append(svg("text", { x: L - 6, y: y(k) + 4, "text-anchor": "end" }, "1e" + k));
            }
            for (let i = 0; i <= 4; i++) {
              const t = Math.round(tMax * i / 4);
              chart.append(svg("text", { x: x(t), y: H - B + 16, "text-anchor": "middle" }, String(t)));
            }
            chart.append(svg("line", { class: "axis", x1: L, x2: L, y1: T, y2: H - B }));
            chart.append(svg("line", { class: "axis", x1: L, x2: W - R, y1: H - B, y2: H - B }));
            chart.append(svg("text", { x: (L + W - R) / 2, y: H - 4, "text-anchor": "middle" }, "iteration"));
            chart.append(svg("text", { x: 12, y: (T + H - B) / 2, "text-anchor": "middle", transform: "rotate(-90 12 " + (T + H - B) / 2 + ")" }, "exploitability (log scale)"));
            if (target > 0) chart.append(svg("line", { class: "target", x1: L, x2: W - R, y1: y(Math.log10(target)), y2: y(Math.log10(target)) }));
            chart.append(svg("polyline", { class: "trajectory", points: points.map((p, i) => x(p.t).toFixed(1) + "," + y(logs[i]).toFixed(1)).join(" ") }));
            if (points.length <= 60) points.forEach((p, i) => chart.append(svg("circle", { class: "point", cx: x(p.t), cy: y(logs[i]), r: 2.5 })));
            container.replaceChildren(chart, summary);
          }
          function renderCost(response, elapsed) {
            const c = response.cost || {};
            const rows = [
              ["tokens evaluated", c.tokens_evaluated + " (" + c.tokens_without_sharing + " without sharing prefixes, trie minimum " + c.trie_minimum_tokens + ")"],
              ["scoring", fmt(c.scoring_milliseconds, 1) + " ms"],
              ["solving", fmt(c.solving_milliseconds, 1) + " ms"],
              ["round trip", Math.round(elapsed) + " ms, in this browser"],
              ["generator divergence", fmt(response.generator_divergence, 4)],
              ["template", response.template],
              ["model", response.model.name + " (" + response.model.engine + ")"],
            ];
            $("cost").replaceChildren(...rows.flatMap(([k, v]) => [el("dt", {}, k), el("dd", {}, v)]));
          }

          // ---- start ---------------------------------------------------------------------------
          $("solver").addEventListener("change", () => {
            const extragradient = $("solver").value === "extragradient";
            $("eta-kind").textContent = extragradient ? "extragradient step size" : "learning rate, both players";
            const eta = $("eta");
            if (eta.value === "0.1" || eta.value === "10") eta.value = extragradient ? "10" : "0.1";
          });
          $("add-candidate").addEventListener("click", () => addCandidate("").focus());
          $("copy-curl").addEventListener("click", copyCurl);
          $("rank-form").addEventListener("submit", rank);
          $("api-key").addEventListener("change", loadModel);
          ["Mars", "Venus", "Jupiter", "Saturn"].forEach((c) => addCandidate(c));
          $("question").value = "Which planet is known as the Red Planet?";
          loadModel();
        })();
        """#
}
