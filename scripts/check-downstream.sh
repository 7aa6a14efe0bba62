#!/usr/bin/env bash
# Builds a throw-away package that depends on this one the way another project would: through a
# tagged git URL (file://, a version requirement), using the libraries ConsensusGame and
# ConsensusRanking, and runs it. SwiftPM refuses unsafe build flags in such a dependency, so this
# fails if a library target carries one. A second executable is the README's library example,
# the Swift block between <!-- library-example --> and <!-- /library-example --> of the README
# as committed, so the README's example compiles and runs as written. Checks what is committed (HEAD).
#
# Usage: bash scripts/check-downstream.sh
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="$(mktemp -d /tmp/consensus-downstream.XXXXXX)"
trap 'rm -rf "$work"' EXIT
git clone --quiet "$root" "$work/consensus"
git -C "$work/consensus" tag 1.0.0
mkdir -p "$work/app/Sources/App" "$work/app/Sources/ReadmeExample"
# The README's library example: the ```swift block between the two markers.
readme="$work/consensus/README.md"
if ! grep -qx '<!-- library-example -->' "$readme" || ! grep -qx '<!-- /library-example -->' "$readme"; then
  echo "check-downstream: README.md has no library example: the lines <!-- library-example --> and <!-- /library-example --> around a \`\`\`swift block are missing" >&2
  exit 1
fi
awk '/^<!-- library-example -->$/ { inside = 1; next }
     /^<!-- \/library-example -->$/ { inside = 0 }
     inside && /^```/ { fence = !fence; next }
     inside && fence { print }' "$readme" >"$work/app/Sources/ReadmeExample/main.swift"
if [ ! -s "$work/app/Sources/ReadmeExample/main.swift" ]; then
  echo "check-downstream: README.md's library example (between <!-- library-example --> and <!-- /library-example -->) holds no \`\`\`swift code" >&2
  exit 1
fi
cat >"$work/app/Package.swift" <<SWIFT
// swift-tools-version: 6.1
import PackageDescription
let package = Package(
    name: "app",
    platforms: [.macOS(.v15)],
    dependencies: [.package(url: "file://$work/consensus", from: "1.0.0")],
    targets: [
        .executableTarget(name: "App", dependencies: [
            .product(name: "ConsensusGame", package: "consensus"),
            .product(name: "ConsensusRanking", package: "consensus"),
        ]),
        .executableTarget(name: "ReadmeExample", dependencies: [
            .product(name: "ConsensusGame", package: "consensus"),
            .product(name: "ConsensusRanking", package: "consensus"),
        ]),
    ]
)
SWIFT
cat >"$work/app/Sources/App/main.swift" <<'SWIFT'
import ConsensusGame
import ConsensusRanking

// A problem as a client would send it, solved by both solvers, answered in the wire format.
let request = try SolveRequest(
    try JSONParser.parse(#"{"generator": {"correct": [-1.4, -4.5], "incorrect": [-1.9, -3.6]}, "discriminator": {"correct": [-0.63, -0.62], "incorrect": [-2.5, -2.36]}, "id": 7}"#),
    defaults: .default)
for solver in SolverKind.allCases {
    var settings = request.settings
    settings.solver = solver
    settings.targetExploitability = solver == .extragradient ? 1e-9 : nil
    let solution = EquilibriumSolver(settings: settings).solve(request.problem)
    print(try WireFormat.line(SolveResponse(id: request.id, solution: solution)))
}
print("template:", TemplateLibrary.builtIn.map(\.name).joined(separator: ","))
SWIFT
cd "$work/app"
echo "check-downstream: building a package that depends on consensus 1.0.0 (file://$work/consensus)" >&2
if ! swift build >"$work/build.log" 2>&1; then
  grep -E "error" "$work/build.log" | sort -u | head -20 >&2
  if grep -q "Sources/ReadmeExample/main.swift" "$work/build.log"; then
    echo "check-downstream: the README's library example (README.md, between <!-- library-example --> and <!-- /library-example -->) does not compile" >&2
  fi
  echo "check-downstream: the dependent package does not build" >&2
  exit 1
fi
out="$(swift run --skip-build App)"
echo "$out"
grep -q '"pick":{"D":' <<<"$out" && grep -q '"converged":true' <<<"$out" && grep -q '"solver":"extragradient"' <<<"$out" \
  || { echo "check-downstream: unexpected output" >&2; exit 1; }
echo "check-downstream: the README's library example" >&2
if ! swift run --skip-build ReadmeExample; then
  echo "check-downstream: the README's library example (README.md, between <!-- library-example --> and <!-- /library-example -->) failed" >&2
  exit 1
fi
echo "check-downstream: ok" >&2
