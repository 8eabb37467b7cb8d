;;; test_eglot.el --- editors/emacs/mtlint-eglot.el with eglot, in batch mode  -*- lexical-binding: t; coding: utf-8 -*-
;; Loaded after the user's init.el (which requires mtlint-eglot).  Opens
;; project/news/article.md (multi-byte text before garbled phrases) and runs
;; M-x eglot: the server must be the config's `mtlint lsp' (found on PATH),
;; the flymake diagnostics must sit at the right columns, the quick fix chosen
;; through M-x eglot-code-actions must edit the buffer and the re-lint drop
;; the finding, the "hide in this file until the server restarts" command
;; must hide the other one; a text-mode file must get mtlint too and a
;; latex-mode one keep eglot's own server.
;; Settings come from the environment: MTL_WORK.
(require 'flymake)
(require 'seq)

;; A stand-in for the markdown-mode package (not in Debian 12's Emacs),
;; derived from text-mode as the real one is; the real one wins if present.
(unless (fboundp 'markdown-mode)
  (define-derived-mode markdown-mode text-mode "Markdown"))
(add-to-list 'auto-mode-alist '("\\.md\\'" . markdown-mode))

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
      (when (and (boundp 'eglot--change-idle-timer) (timerp eglot--change-idle-timer))
        (eglot--signal-textDocument/didChange)))
    (funcall pred)))

(defconst mtl-prefix "Zoë Łukasiewicz 🚀 said the ")
(defconst mtl-prefix2 "Ünïcödé again: the firm faces ")

(defun mtl-diags () (flymake-diagnostics))
(defun mtl-diag-on (line)
  (seq-find (lambda (d) (= (line-number-at-pos (flymake-diagnostic-beg d)) line))
            (mtl-diags)))
(defun mtl-column (pos) (save-excursion (goto-char pos) (- pos (line-beginning-position))))

(defun mtl-code-action (pos want)
  "M-x eglot-code-actions at POS, picking the action whose title has WANT."
  (let ((chosen nil)
        (last-nonmenu-event ?\r))       ; a keyboard call: no popup menu
    (cl-letf (((symbol-function 'completing-read)
               (lambda (_prompt collection &rest _)
                 (setq chosen (seq-find (lambda (title) (string-match-p (regexp-quote want) title))
                                        (mapcar (lambda (c) (if (consp c) (car c) c))
                                                collection)))
                 (or chosen ""))))
      (goto-char pos)
      (call-interactively #'eglot-code-actions))
    chosen))

(defun mtl-run ()
  (let* ((work (getenv "MTL_WORK"))
         (eglot-send-changes-idle-time 0.05)
         server)
    (find-file (expand-file-name "project/news/article.md" work))
    (mtl-check (eq major-mode 'markdown-mode) "article.md is in markdown-mode")
    (call-interactively #'eglot)                 ; M-x eglot
    (setq server (eglot-current-server))
    (unless (mtl-check server "M-x eglot started a server for the buffer")
      (error "no server"))
    (mtl-check (equal (process-command (jsonrpc--process server)) '("mtlint" "lsp"))
               (format "command is mtlint lsp: %S" (process-command (jsonrpc--process server))))
    (mtl-check (equal (eglot--language-id server) "markdown") "language id markdown")
    (mtl-check (mtl-wait (lambda () (= (length (mtl-diags)) 2)) 20)
               (format "two diagnostics arrive (%d)" (length (mtl-diags))))
    (let* ((d (mtl-diag-on 1))
           (d2 (mtl-diag-on 2))
           (beg (and d (flymake-diagnostic-beg d)))
           (end (and d (flymake-diagnostic-end d))))
      (unless (mtl-check (and d d2) "diagnostics on lines 1 and 2")
        (error "diagnostics missing"))
      (mtl-check (= (mtl-column beg) (length mtl-prefix))
                 (format "column %d == %d chars" (mtl-column beg) (length mtl-prefix)))
      (mtl-check (equal (buffer-substring beg end) "special army operation")
                 "range covers the phrase")
      (mtl-check (string-match-p "special military operation" (flymake-diagnostic-text d))
                 "message names the fix")
      (mtl-check (= (mtl-column (flymake-diagnostic-beg d2)) (length mtl-prefix2))
                 (format "line 2 column %d == %d chars" (mtl-column (flymake-diagnostic-beg d2))
                         (length mtl-prefix2)))
      (mtl-check (equal (buffer-substring (flymake-diagnostic-beg d2) (flymake-diagnostic-end d2))
                        "reputational prices")
                 "line 2 range covers the phrase")
      ;; the quick fix, as M-x eglot-code-actions offers it
      (mtl-check (mtl-code-action beg "special military operation") "quick fix offered")
      (mtl-check (equal (buffer-substring (line-beginning-position 1) (line-end-position 1))
                        (concat mtl-prefix "special military operation goes on."))
                 "fix applied to the buffer")
      (mtl-check (mtl-wait (lambda () (and (= (length (mtl-diags)) 1) (null (mtl-diag-on 1)))) 20)
                 "re-lint after the edit drops the fixed finding")
      ;; the server-side command: hide the remaining rule in this file
      (let ((d2 (mtl-diag-on 2)))
        (mtl-check (and d2 (mtl-code-action (flymake-diagnostic-beg d2) "until the server restarts"))
                   "hide-in-file action offered"))
      ;; Emacs 28's jsonrpc (1.0.14) handles only the answer when the answer
      ;; and a notification arrive in one read: the server publishes first.
      (mtl-check (mtl-wait (lambda () (null (mtl-diags))) 5)
                 "the server hid the rule in this file"))
    ;; a text-mode file gets mtlint too (a server of its own: the Markdown
    ;; one manages the Markdown modes only)
    (find-file (expand-file-name "project/news/notes.txt" work))
    (mtl-check (eq major-mode 'text-mode) "notes.txt is in text-mode")
    (unless (eglot-current-server) (call-interactively #'eglot))
    (let ((text-server (eglot-current-server)))
      (mtl-check (and text-server
                      (equal (process-command (jsonrpc--process text-server)) '("mtlint" "lsp")))
                 "M-x eglot in text-mode gives mtlint lsp")
      (when (and text-server (not (eq text-server server))) (eglot-shutdown text-server)))
    ;; a mode derived from text-mode with a server of its own keeps it
    (with-temp-buffer
      (setq buffer-file-name (expand-file-name "project/paper.tex" work))
      (latex-mode)
      (let ((contact (nth 3 (eglot--guess-contact))))
        (mtl-check (not (member "mtlint" contact))
                   (format "latex-mode keeps eglot's own server: %S" contact)))
      (setq buffer-file-name nil))
    (eglot-shutdown server)))

(condition-case err
    (mtl-run)
  (error (mtl-check nil (format "no Lisp error: %S" err))))
(kill-emacs (if (= mtl-failures 0) 0 1))
