/// The playground's HTML (``PlaygroundPage``). Every field that a `/v1/rank` error can name has
/// `data-param` with that name, and an empty `.field-error` that the script fills with the
/// API's message; errors without a field go to the banner (`#banner`).
enum PlaygroundMarkup {
    static let text = #"""
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>consensus playground</title>
        <style>/*{{style}}*/</style>
        </head>
        <body>
        <header>
          <h1>consensus playground</h1>
          <p class="subtitle">Equilibrium-Ranking: the generator and the discriminator of one language model play the consensus game over your candidates.</p>
          <p class="server">model <b id="model-name">…</b> · <a href="/openapi.yaml">openapi.yaml</a></p>
        </header>
        <div id="banner" role="alert" hidden></div>
        <main>
        <form id="rank-form" novalidate autocomplete="off">
          <div class="field" id="key-field" data-param="authorization" hidden>
            <label for="api-key">API key</label>
            <input id="api-key" type="password" placeholder="the server's --api-key" autocomplete="off">
            <p class="hint">Sent as <code>Authorization: Bearer …</code> with each call; never put in a URL, not stored.</p>
            <p class="field-error" aria-live="polite"></p>
          </div>
          <div class="field" data-param="question">
            <label for="question">Question</label>
            <textarea id="question" rows="2" placeholder="Which planet is known as the Red Planet?"></textarea>
            <p class="field-error" aria-live="polite"></p>
          </div>
          <div class="field" data-param="context">
            <label for="context">Context <span class="optional">(optional passage)</span></label>
            <textarea id="context" rows="2"></textarea>
            <p class="field-error" aria-live="polite"></p>
          </div>
          <div class="field" data-param="candidates">
            <label>Candidates <span class="optional">(two or more)</span></label>
            <ol id="candidates"></ol>
            <button type="button" id="add-candidate" class="secondary">+ add candidate</button>
            <p class="field-error" aria-live="polite"></p>
          </div>
          <div class="row">
            <div class="field" data-param="options.template">
              <label for="template">Template</label>
              <select id="template">
                <option value="qa">qa</option><option value="passage">passage</option><option value="dialogue">dialogue</option>
              </select>
              <p class="field-error" aria-live="polite"></p>
            </div>
            <div class="field" data-param="options.candidate_score">
              <label for="candidate-score">Candidate score</label>
              <select id="candidate-score">
                <option value="sum">sum</option><option value="per-character">per-character</option><option value="per-byte">per-byte</option>
              </select>
              <p class="field-error" aria-live="polite"></p>
            </div>
          </div>
          <fieldset id="chat-formatting">
            <legend>Chat formatting</legend>
            <div class="row">
              <div class="field" data-param="options.apply_chat_template">
                <label><input id="apply-chat-template" type="checkbox"> the model's own chat template</label>
                <p class="field-error" aria-live="polite"></p>
              </div>
              <div class="field" data-param="options.system_instruction">
                <label for="system-instruction">System instruction <span class="optional">(with the chat template)</span></label>
                <input id="system-instruction" type="text">
                <p class="field-error" aria-live="polite"></p>
              </div>
            </div>
          </fieldset>
          <fieldset>
            <legend>Solver</legend>
            <div class="row">
              <div class="field" data-param="options.solver">
                <label for="solver">Solver</label>
                <select id="solver">
                  <option value="pikl">piKL (the paper's)</option><option value="extragradient">extragradient</option>
                </select>
                <p class="field-error" aria-live="polite"></p>
              </div>
              <div class="field" data-param="options.on_degenerate">
                <label for="on-degenerate">Degenerate game</label>
                <select id="on-degenerate">
                  <option value="warn">warn</option><option value="fall-back-to-g">warn, answer G's pick</option>
                </select>
                <p class="field-error" aria-live="polite"></p>
              </div>
            </div>
            <div class="row">
              <div class="field" data-param="options.lambda">
                <label for="lambda">λ</label>
                <input id="lambda" type="text" inputmode="decimal" value="0.1">
                <p class="hint">KL weight, both players</p>
                <p class="field-error" aria-live="polite"></p>
              </div>
              <div class="field" data-param="options.eta options.extragradient_step_size">
                <label for="eta">η</label>
                <input id="eta" type="text" inputmode="decimal" value="0.1">
                <p class="hint" id="eta-kind">learning rate, both players</p>
                <p class="field-error" aria-live="polite"></p>
              </div>
            </div>
            <div class="row">
              <div class="field" data-param="options.iterations">
                <label for="iterations">Iterations</label>
                <input id="iterations" type="text" inputmode="numeric" value="5000">
                <p class="hint">with a target: the cap</p>
                <p class="field-error" aria-live="polite"></p>
              </div>
              <div class="field" data-param="options.target_exploitability">
                <label for="target">Target exploitability</label>
                <input id="target" type="text" inputmode="decimal" placeholder="none">
                <p class="hint">optional, e.g. 1e-6</p>
                <p class="field-error" aria-live="polite"></p>
              </div>
            </div>
          </fieldset>
          <div class="actions">
            <button type="submit" id="rank-button">Rank</button>
            <button type="button" id="copy-curl" class="secondary">copy as curl</button>
            <span id="status" aria-live="polite"></span>
          </div>
          <pre id="curl" hidden></pre>
        </form>
        <section id="answer" hidden>
          <div id="summary" class="card"></div>
          <div id="warnings"></div>
          <div class="card">
            <h2>Each method's pick</h2>
            <table id="methods"></table>
            <p class="caption">One row per method that the response carries, with its score of each candidate as /v1/rank returns it (G and MI: natural-log scores); ◀ marks the method's pick.</p>
          </div>
          <div class="card">
            <h2>P(correct) per candidate</h2>
            <div id="probability-correct" class="bars"></div>
            <p class="caption">The equilibrium discriminator's π<sub>D</sub>*(correct | y): ER-D's score.</p>
          </div>
          <div class="card">
            <h2>Initial and equilibrium policies</h2>
            <div id="policies"></div>
            <p class="caption"><span class="key initial"></span> initial (π¹, from the model's scores) <span class="key equilibrium"></span> equilibrium (π*)</p>
          </div>
          <div class="card">
            <h2>Exploitability over the iterations</h2>
            <div id="exploitability"></div>
          </div>
          <div class="card">
            <h2>Cost</h2>
            <dl id="cost"></dl>
          </div>
          <details class="card"><summary>The response (JSON)</summary><pre id="raw"></pre></details>
        </section>
        </main>
        <script>/*{{script}}*/</script>
        </body>
        </html>
        """#
}
