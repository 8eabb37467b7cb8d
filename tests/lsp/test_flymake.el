;;; test_flymake.el --- editors/emacs/flymake-mtlint.el in batch mode  -*- lexical-binding: t; coding: utf-8 -*-
;; Opens an article with multi-byte text before garbled phrases, runs the
;; flymake backend (no language server), checks the rule id, line and column
;; of the diagnostics, then edits the unsaved buffer and waits for the
;; re-lint.  Settings come from the environment: MTL_SRC, MTL_WORK; `mtlint'
;; is found on PATH, as the shipped backend expects.
(require 'flymake)
(add-to-list 'load-path (expand-file-name "editors/emacs" (getenv "MTL_SRC")))
(require 'flymake-mtlint)

(defvar mtl-failures 0)
(defun mtl-check (cond what)
  (unless cond (setq mtl-failures (1+ mtl-failures)))
  (princ (format "%s: %s\n" (if cond "ok" "FAIL") what))
  cond)

(defun mtl-wait (pred secs)
  "Runs the event loop until PRED is true or SECS pass."
  (let ((end (+ (float-time) secs)))
    (while (and (not (funcall pred)) (< (float-time) end))
      (accept-process-output nil 0.05))
    (funcall pred)))

(defconst mtl-prefix "Zoë Łukasiewicz 🚀 said the ")
(defconst mtl-prefix2 "Ünïcödé again: the firm faces ")

(defun mtl-find (rule)
  (seq-find (lambda (d) (string-match-p (regexp-quote (format "[%s]" rule))
                                        (flymake-diagnostic-text d)))
            (flymake-diagnostics)))

(defun mtl-lint ()
  "Starts flymake and waits until the mtlint backend has reported."
  (let ((n (length flymake-mtlint--reports)))
    (flymake-start nil t)
    (mtl-wait (lambda () (> (length flymake-mtlint--reports) n)) 20)))

(defvar flymake-mtlint--reports nil "Reports seen, newest first.")
(advice-add 'flymake-mtlint :around
            (lambda (orig report-fn &rest args)
              (apply orig (lambda (&rest r)
                            (push r flymake-mtlint--reports)
                            (apply report-fn r))
                     args)))

(defun mtl-column (pos)
  (save-excursion (goto-char pos) (- pos (line-beginning-position))))

(defun mtl-run ()
  (remove-hook 'flymake-diagnostic-functions #'flymake-proc-legacy-flymake)
  (find-file (expand-file-name "article.md" (getenv "MTL_WORK")))
  (text-mode)
  (setq-local flymake-mtlint-args '("--no-config"))
  (flymake-mtlint-setup)
  (mtl-check (memq #'flymake-mtlint flymake-diagnostic-functions) "backend registered")
  (mtl-check (mtl-lint) "the backend reported")
  (let ((panic (eq (car (car flymake-mtlint--reports)) :panic)))
    (mtl-check (not panic)
               (concat "no panic" (if panic (format ": %S" (car flymake-mtlint--reports)) ""))))
  (let ((d (mtl-find "mt-garble.special-military-operation")))
    (when (mtl-check d (concat "diagnostic with the rule id"
                               (if d "" (format " among %S" (mapcar #'flymake-diagnostic-text
                                                                    (flymake-diagnostics))))))
      (let ((beg (flymake-diagnostic-beg d)) (end (flymake-diagnostic-end d)))
        (mtl-check (= (line-number-at-pos beg) 1) "line 1")
        (mtl-check (= (mtl-column beg) (length mtl-prefix))
                   (format "column %d == %d chars" (mtl-column beg) (length mtl-prefix)))
        (mtl-check (equal (buffer-substring beg end) "special army operation")
                   (format "range covers the phrase: %S" (buffer-substring beg end)))
        (mtl-check (eq (flymake-diagnostic-type d) :warning) "a warning")
        (mtl-check (string-match-p "special military operation" (flymake-diagnostic-text d))
                   "message names the fix"))))
  (let ((d (mtl-find "mt-garble.reputational-prices")))
    (when (mtl-check d "second diagnostic")
      (mtl-check (and (= (line-number-at-pos (flymake-diagnostic-beg d)) 2)
                      (= (mtl-column (flymake-diagnostic-beg d)) (length mtl-prefix2)))
                 "line 2, column after the multi-byte prefix")))
  ;; the unsaved buffer is what gets linted
  (goto-char (point-min))
  (search-forward "special army operation")
  (replace-match "special military operation")
  (mtl-check (buffer-modified-p) "buffer edited, not saved")
  (mtl-check (mtl-lint) "the backend reported again")
  (mtl-check (null (mtl-find "mt-garble.special-military-operation"))
             "re-lint of the unsaved buffer drops the fixed finding")
  (mtl-check (mtl-find "mt-garble.reputational-prices") "re-lint keeps the other finding")
  ;; mtlint failing (here a bad option) is a panic with its message
  (setq-local flymake-mtlint-args '("--no-config" "--column-unit" "furlongs"))
  (mtl-check (mtl-lint) "the backend reported a third time")
  (let ((r (car flymake-mtlint--reports)))
    (mtl-check (and (eq (car r) :panic)
                    (string-match-p "furlongs" (or (plist-get (cdr r) :explanation) "")))
               (format "failing mtlint is a panic naming the cause: %S" r)))
  (setq-local flymake-mtlint-args '("--no-config"))
  ;; a missing executable is reported to flymake, not silently empty
  (setq-local flymake-mtlint-program "mtlint-does-not-exist")
  (let ((n (length flymake-mtlint--reports)))
    (flymake-start nil t)
    (mtl-wait (lambda () (or (> (length flymake-mtlint--reports) n)
                             (memq #'flymake-mtlint (flymake-disabled-backends))))
              10)
    (mtl-check (or (eq (car (car flymake-mtlint--reports)) :panic)
                   (memq #'flymake-mtlint (flymake-disabled-backends)))
               "missing executable: flymake is told (panic or disabled backend)")))

(condition-case err
    (mtl-run)
  (error (mtl-check nil (format "no Lisp error: %S" err))))
(kill-emacs (if (= mtl-failures 0) 0 1))
