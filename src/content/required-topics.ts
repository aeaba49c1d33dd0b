/**
 * Knowledge ids the assistant must answer (the topic list agreed for the project): validation
 * fails when one is missing, so a renamed or deleted entry cannot slip through.
 */
export const REQUIRED_TOPICS = [
  // VNeID and e-identification
  'vneid-level-difference', 'vneid-level2-documents', 'vneid-where-to-register', 'vneid-activation-sms',
  'vneid-forgot-passcode', 'vneid-account-locked', 'vneid-new-phone', 'vneid-change-phone-number',
  'vneid-sim-own-name', 'vneid-children', 'vneid-what-can-do', 'vneid-document-wallet', 'vneid-check-status',
  'vneid-mandatory', 'vneid-correct-info', 'vneid-expiry', 'vneid-social-security-account',
  'vneid-criminal-record', 'vneid-residence-notice', 'vneid-organization-account', 'vneid-face-verification',
  'id-card-issue',
  // online public services and fees
  'dvc-account-login', 'dvc-payment-methods', 'dvc-payment-failed', 'dvc-e-receipt', 'dvc-track-application',
  'dvc-traffic-fine', 'dvc-fee-reduction',
  // cashless payment and QR codes
  'qr-how-to-scan', 'qr-open-account', 'qr-check-recipient', 'qr-fake-code', 'qr-wrong-transfer',
  'qr-biometric-limit', 'qr-seller-setup', 'qr-fees',
  // electronic health record and health insurance
  'health-record-what', 'health-record-view', 'health-bhyt-instead-card', 'health-record-wrong-info',
  'health-telemedicine', 'health-bhyt-validity',
  // safety, privacy and the digital citizen
  'scam-fake-police', 'scam-otp-never-share', 'scam-fake-apps', 'scam-report', 'password-strong',
  'privacy-personal-data', 'digital-citizen-elements', 'digital-skills-learning', 'online-shopping-safety',
  'digital-ethics', 'children-online-safety', 'help-community-team', 'about-bot',
] as const;
