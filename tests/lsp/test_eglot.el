;;; test_eglot.el --- Emacs + eglot as an mtlint LSP client, in batch mode.
;; Opens an article with multi-byte text before a garbled phrase, checks the
;; flymake diagnostic's column, applies the quick fix and waits for the
;; re-lint.  Settings come from the environment: MTL_BIN, MTL_SRC, MTL_WORK.
(require 'package)
(setq package-directory-list '("/usr/share/emacs/site-lisp/elpa")
      package-user-dir (expand-file-name "elpa" (getenv "MTL_WORK")))
(package-initialize)
(require 'eglot)
(require 'flymake)

(defvar mtl-failures 0)
(defun mtl-check (cond what)
  (unless cond (setq mtl-failures (1+ mtl-failures)))
  (princ (format "%s: %s\n" (if cond "ok" "FAIL") what))
  cond)

(defun mtl-wait (pred secs)
  "Runs the event loop until PRED is true or SECS pass."
  (let ((end (+ (float-time) secs)))
    (while (and (not (funcall pred)) (< (float-time) end))
      (accept-process-output nil 0.05)
      (when (timerp eglot--change-idle-timer) (eglot--signal-textDocument/didChange)))
    (funcall pred)))

(defconst mtl-prefix "Zoë Łukasiewicz 🚀 said the ")

(defun mtl-diags () (flymake-diagnostics))

(defun mtl-run ()
  (let* ((work (getenv "MTL_WORK"))
         (contact (list (getenv "MTL_BIN") "lsp" "--no-builtin-rules" "--rules"
                        (concat (getenv "MTL_SRC") "/rules/mt-garble.yaml")
                        "--debounce" "0" "--no-config"))
         (project-find-functions (list (lambda (_dir) (cons 'transient work))))
         (eglot-send-changes-idle-time 0.05)
         server)
    (find-file (expand-file-name "article.md" work))
    (text-mode)
    (setq server (eglot '(text-mode) (project-current) 'eglot-lsp-server contact "markdown"))
    (mtl-check (eglot-current-server) "eglot manages the buffer")
    (mtl-check (mtl-wait (lambda () (= (length (mtl-diags)) 1)) 20) "one diagnostic arrives")
    (let* ((d (car (mtl-diags)))
           (beg (and d (flymake-diagnostic-beg d)))
           (end (and d (flymake-diagnostic-end d))))
      (when (mtl-check d "diagnostic present")
        (save-excursion
          (goto-char beg)
          (mtl-check (= (- beg (line-beginning-position)) (length mtl-prefix))
                     (format "column %d == %d chars" (- beg (line-beginning-position))
                             (length mtl-prefix))))
        (mtl-check (equal (buffer-substring beg end) "special army operation")
                   "range covers the phrase")
        (mtl-check (string-match-p "special military operation" (flymake-diagnostic-text d))
                   "message names the fix")
        (let* ((actions (jsonrpc-request
                         server :textDocument/codeAction
                         (list :textDocument (eglot--TextDocumentIdentifier)
                               :range (list :start (eglot--pos-to-lsp-position beg)
                                            :end (eglot--pos-to-lsp-position end))
                               :context (list :diagnostics []))))
               (fix (seq-find (lambda (a) (and (plist-get a :edit)
                                               (string-match-p "special military operation"
                                                               (plist-get a :title))))
                              actions)))
          (when (mtl-check fix "quick fix offered")
            (eglot--apply-workspace-edit (plist-get fix :edit))
            (mtl-check (equal (buffer-substring (line-beginning-position 1) (line-end-position 1))
                              (concat mtl-prefix "special military operation goes on."))
                       "fix applied to the buffer")
            (eglot--signal-textDocument/didChange)
            (mtl-check (mtl-wait (lambda () (null (mtl-diags))) 20)
                       "re-lint after the edit clears the diagnostic")))))
    (eglot-shutdown server)))

(condition-case err
    (mtl-run)
  (error (mtl-check nil (format "no Lisp error: %S" err))))
(kill-emacs (if (= mtl-failures 0) 0 1))
