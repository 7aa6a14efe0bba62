# Sourced by bench-vs-lm-eval.sh and experiments/lm-eval-client.sh: lm-evaluation-harness, the peer, pinned
# (the versions of ../shared/notes/lm-eval-peer.md) in a throw-away virtual environment, run
# offline, and its task reading our JSONL with the prompt and metrics of its built-in ARC tasks.

# peer_install VENV: installs the harness and a CPU torch into VENV unless they are there.
peer_install() {
    local venv=$1
    if [[ ! -x $venv/bin/lm_eval ]]; then
        echo "installing lm-evaluation-harness into $venv (a few minutes)" >&2
        python3 -m venv "$venv"
        "$venv/bin/pip" install -q --upgrade pip
        "$venv/bin/pip" install -q "torch==2.13.0+cpu"
        "$venv/bin/pip" install -q "lm-eval[api]==0.4.13" "transformers==5.25.0" "gguf==0.19.0" "accelerate==1.16.0"
    fi
    export HF_HUB_OFFLINE=1 HF_DATASETS_OFFLINE=1 TRANSFORMERS_OFFLINE=1 HF_HOME=$(dirname "$venv")/hf_home TOKENIZERS_PARALLELISM=false
}

# peer_task DIR TASK DATA: writes DIR/TASK_local.yaml, the harness's task TASK_local on DATA/TASK.jsonl.
peer_task() {
    local dir=$1 task=$2 data=$3
    mkdir -p "$dir"
    cat > "$dir/${task}_local.yaml" <<YAML
task: ${task}_local
dataset_path: json
dataset_kwargs:
  data_files:
    test: $data/$task.jsonl
output_type: multiple_choice
test_split: test
doc_to_text: "Question: {{question}}\nAnswer:"
doc_to_target: "{{answer}}"
doc_to_choice: "{{choices}}"
metric_list:
  - metric: acc
    aggregation: mean
    higher_is_better: true
  - metric: acc_norm
    aggregation: mean
    higher_is_better: true
metadata:
  version: 1.0
YAML
}
