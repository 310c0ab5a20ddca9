-- Password-reset mails: a mail kind that belongs to no course and always
-- carries a fresh single-use link.

ALTER TABLE mail_outbox DROP CONSTRAINT mail_outbox_kind_check;
ALTER TABLE mail_outbox ADD CONSTRAINT mail_outbox_kind_check
    CHECK (kind IN ('set_password', 'lab_ready', 'course_added',
                    'password_reset'));
