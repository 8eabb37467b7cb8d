;;; flymake-mtlint.el --- mtlint as a flymake backend, without a language server  -*- lexical-binding: t -*-
;; Usage: (require 'flymake-mtlint) then (add-hook 'markdown-mode-hook #'flymake-mtlint-setup)
;; The unsaved buffer is piped to `mtlint --stdin --format jsonl'.
(require 'flymake)
(require 'json)
(require 'subr-x)

(defgroup flymake-mtlint nil
  "mtlint as a flymake backend."
  :group 'flymake)

(defcustom flymake-mtlint-program "mtlint"
  "The mtlint executable."
  :type 'string)

(defcustom flymake-mtlint-args nil
  "Extra arguments for mtlint, e.g. (\"--disable\" \"typography\")."
  :type '(repeat string))

(defvar-local flymake-mtlint--proc nil)

(defun flymake-mtlint--column-pos (line col)
  "Buffer position of 1-based LINE and 1-based byte COL."
  (save-excursion
    (goto-char (point-min))
    (forward-line (1- line))
    (let ((start (point)))
      (or (byte-to-position (+ (position-bytes start) (1- col))) start))))

(defun flymake-mtlint--parse (source)
  "Flymake diagnostics for SOURCE from the JSONL in the current buffer."
  (goto-char (point-min))
  (let (diags)
    (while (not (eobp))
      (let ((d (ignore-errors
                 (json-parse-string (buffer-substring (point) (line-end-position))
                                    :object-type 'alist))))
        (when (equal (alist-get 'type d) "diagnostic")
          (with-current-buffer source
            (let-alist d
              (push (flymake-make-diagnostic
                     source
                     (flymake-mtlint--column-pos .start.line .start.column)
                     (flymake-mtlint--column-pos .end.line .end.column)
                     (pcase .severity ("error" :error) ("warning" :warning) (_ :note))
                     (format "%s [%s]" .message .rule))
                    diags)))))
      (forward-line 1))
    diags))

(defun flymake-mtlint (report-fn &rest _args)
  "Flymake backend running mtlint on the buffer."
  (unless (executable-find flymake-mtlint-program)
    (error "Cannot find the mtlint executable %S" flymake-mtlint-program))
  (when (process-live-p flymake-mtlint--proc)
    (kill-process flymake-mtlint--proc))
  (let ((source (current-buffer)))
    (save-restriction
      (widen)
      (setq flymake-mtlint--proc
            (make-process
             :name "flymake-mtlint" :noquery t :connection-type 'pipe
             ;; JSONL columns are UTF-8 bytes, whatever the locale says.
             :coding 'utf-8-unix
             :buffer (generate-new-buffer " *flymake-mtlint*")
             :command `(,flymake-mtlint-program "--stdin" "--stdin-filename"
                        ,(or (buffer-file-name) "buffer.md")
                        "--format" "jsonl" "--fail-on" "never" ,@flymake-mtlint-args)
             :sentinel
             (lambda (proc _event)
               (when (memq (process-status proc) '(exit signal))
                 (unwind-protect
                     (when (and (buffer-live-p source)
                                (eq proc (buffer-local-value 'flymake-mtlint--proc source)))
                       (with-current-buffer (process-buffer proc)
                         (if (and (eq (process-status proc) 'exit)
                                  (zerop (process-exit-status proc)))
                             (funcall report-fn (flymake-mtlint--parse source))
                           (funcall report-fn :panic
                                    :explanation
                                    (format "mtlint exited %s: %s"
                                            (process-exit-status proc)
                                            (string-trim (buffer-string)))))))
                   (kill-buffer (process-buffer proc)))))))
      ;; If mtlint exits before reading everything (a bad option), the
      ;; sentinel reports its exit status and message.
      (ignore-errors
        (process-send-region flymake-mtlint--proc (point-min) (point-max))
        (process-send-eof flymake-mtlint--proc)))))

(defun flymake-mtlint-setup ()
  "Use mtlint in this buffer's flymake."
  (add-hook 'flymake-diagnostic-functions #'flymake-mtlint nil t)
  (flymake-mode 1))

(provide 'flymake-mtlint)
;;; flymake-mtlint.el ends here
