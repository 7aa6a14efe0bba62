/// The playground's CSS (``PlaygroundPage``): system fonts, no images, two columns on a wide
/// screen (the form, the answer), one on a narrow one.
enum PlaygroundStyle {
    static let text = #"""
        :root { --ink: #1d2330; --muted: #5d6675; --line: #d9dde4; --panel: #ffffff; --page: #f3f5f8;
                --accent: #2456a6; --initial: #a9bfdf; --equilibrium: #2456a6; --pick: #fff1bf; --error: #b3261e; }
        * { box-sizing: border-box; }
        body { margin: 0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif;
               color: var(--ink); background: var(--page); }
        header { padding: 14px 24px 10px; background: var(--panel); border-bottom: 1px solid var(--line); }
        h1 { margin: 0; font-size: 21px; }
        h2 { margin: 0 0 10px; font-size: 16px; }
        .subtitle, .server, .caption, .hint, .optional { color: var(--muted); }
        .subtitle { margin: 2px 0 0; }
        .server { margin: 2px 0 0; font-size: 13px; }
        a { color: var(--accent); }
        main { display: grid; grid-template-columns: minmax(320px, 430px) minmax(0, 1fr); gap: 20px; padding: 20px 24px; align-items: start; }
        @media (max-width: 900px) { main { grid-template-columns: 1fr; } }
        form, .card { background: var(--panel); border: 1px solid var(--line); border-radius: 8px; padding: 14px 16px; }
        #answer { display: grid; gap: 14px; }
        #answer[hidden], [hidden] { display: none !important; }
        fieldset { border: 1px solid var(--line); border-radius: 6px; margin: 8px 0; padding: 6px 10px 0; }
        legend { font-weight: 600; padding: 0 4px; }
        .field { margin-bottom: 10px; flex: 1; min-width: 0; }
        .row { display: flex; gap: 10px; }
        label { display: block; font-weight: 600; margin-bottom: 3px; }
        .optional { font-weight: 400; font-size: 13px; }
        textarea, input, select { width: 100%; font: inherit; padding: 5px 7px; border: 1px solid #b9c0cc; border-radius: 5px; background: #fff; color: inherit; }
        textarea { resize: vertical; }
        .invalid textarea, .invalid input, .invalid select, input.invalid { border-color: var(--error); outline: 1px solid var(--error); }
        .field-error { color: var(--error); margin: 3px 0 0; font-size: 13px; }
        .field-error:empty { display: none; }
        .hint { margin: 3px 0 0; font-size: 12px; }
        #candidates { margin: 0 0 6px; padding-left: 22px; }
        #candidates li { margin-bottom: 5px; }
        .candidate-row { display: flex; gap: 6px; }
        .candidate-row button { flex: none; width: 32px; }
        button { font: inherit; padding: 6px 14px; border-radius: 5px; border: 1px solid var(--accent); background: var(--accent); color: #fff; cursor: pointer; }
        button.secondary { background: #fff; color: var(--accent); }
        button:disabled { opacity: 0.6; cursor: progress; }
        .actions { display: flex; gap: 10px; align-items: center; margin-top: 8px; flex-wrap: wrap; }
        #status { color: var(--muted); font-size: 13px; }
        #curl, #raw { white-space: pre-wrap; word-break: break-all; font-size: 12px; background: #f6f7f9; border: 1px solid var(--line); border-radius: 5px; padding: 8px; margin: 8px 0 0; max-height: 320px; overflow: auto; }
        #banner { margin: 14px 24px 0; padding: 10px 14px; border-radius: 6px; background: #fde8e6; border: 1px solid #f0b6b0; color: #7a1812; }
        #banner b { margin-right: 4px; }
        .warning { padding: 10px 14px; border-radius: 6px; background: #fff5d6; border: 1px solid #ecd17a; color: #5c4400; margin-bottom: 6px; }
        #warnings:empty { display: none; }
        #summary .answer { font-size: 22px; font-weight: 700; }
        #summary p { margin: 2px 0; }
        table { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; }
        th, td { padding: 5px 8px; border-bottom: 1px solid var(--line); text-align: right; }
        th:first-child, td:first-child { text-align: left; }
        th { font-size: 13px; color: var(--muted); font-weight: 600; }
        td.pick { background: var(--pick); font-weight: 700; }
        td.pick::after { content: " ◀"; color: var(--accent); }
        td.pick-name { text-align: left; font-weight: 600; }
        .method-name { font-weight: 700; }
        .bars .bar-row, .policy .bar-row { display: grid; grid-template-columns: minmax(70px, 28%) 1fr 58px; gap: 8px; align-items: center; margin: 4px 0; }
        .label { overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
        .track { background: #eef1f5; border-radius: 3px; height: 16px; position: relative; }
        .bar { height: 100%; border-radius: 3px; background: var(--equilibrium); min-width: 1px; }
        .bar.initial { background: var(--initial); }
        .pair .track { height: 9px; margin: 2px 0; }
        .policy .bar-row { grid-template-columns: minmax(60px, 24%) 1fr 96px; }
        .value { text-align: right; font-variant-numeric: tabular-nums; font-size: 13px; }
        #policies { display: grid; grid-template-columns: 1fr 1fr; gap: 18px; }
        @media (max-width: 700px) { #policies { grid-template-columns: 1fr; } }
        .policy h3 { margin: 0 0 4px; font-size: 14px; }
        .key { display: inline-block; width: 12px; height: 12px; border-radius: 2px; vertical-align: -1px; margin-left: 8px; }
        .key.initial { background: var(--initial); }
        .key.equilibrium { background: var(--equilibrium); }
        #exploitability svg { width: 100%; height: auto; max-width: 720px; display: block; }
        svg .axis { stroke: #8a93a3; stroke-width: 1; }
        svg .grid { stroke: #e3e7ed; stroke-width: 1; }
        svg .trajectory { fill: none; stroke: var(--accent); stroke-width: 2; }
        svg .point { fill: var(--accent); }
        svg .target { stroke: #c77700; stroke-dasharray: 5 4; stroke-width: 1.5; }
        svg text { font-size: 11px; fill: var(--muted); font-family: inherit; }
        dl#cost { display: grid; grid-template-columns: max-content 1fr; gap: 3px 16px; margin: 0; }
        dl#cost dt { color: var(--muted); }
        dl#cost dd { margin: 0; font-variant-numeric: tabular-nums; }
        .caption { font-size: 13px; margin: 8px 0 0; }
        code { font-size: 12px; }
        """#
}
