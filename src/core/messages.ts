// The bot's own words (everything that is not flow or knowledge content). Short, plain Vietnamese.
import type { Button, Reply } from './types.js';

export const HUMAN_HELP =
  'Nếu cần người giúp trực tiếp, bạn có thể hỏi:\n' +
  '• Tổ công nghệ số cộng đồng ở thôn, xóm, tổ dân phố của bạn.\n' +
  '• Công an xã, phường: các việc về VNeID, thẻ căn cước. Tổng đài VNeID: 1900 0368.\n' +
  '• Bộ phận Một cửa của xã, phường: các việc về dịch vụ công, lệ phí.';

export const WELCOME: Reply = {
  text:
    'Xin chào! Tôi là Trợ lý Công dân số. Tôi hướng dẫn bạn từng bước dùng các dịch vụ công trên điện thoại.\n' +
    'Tôi chỉ lưu các bước bạn đã làm để hướng dẫn tiếp. Tôi không bao giờ hỏi mật khẩu, mã OTP hay số căn cước của bạn.',
};

export const MENU_BUTTON: Button = { title: 'Menu chính', payload: 'cmd:menu' };

export const text = {
  menuIntro: 'Bạn muốn làm việc nào? Chọn một mục, hoặc gõ câu hỏi của bạn (ví dụ: "quên mật khẩu VNeID").',
  resumeButton: (label: string) => `Tiếp tục: ${label}`,
  help:
    'Cách dùng:\n' +
    '1. Chọn một mục trong menu, tôi sẽ chỉ từng bước.\n' +
    '2. Trả lời bằng nút bấm, hoặc gõ số (1, 2, 3...), hoặc gõ "rồi", "chưa được".\n' +
    '3. Gõ "quay lại" để về bước trước, "làm lại" để làm từ đầu, "hủy" để dừng, "tiếp tục" để làm tiếp, "menu" để xem danh mục.\n' +
    '4. Bạn cũng có thể gõ câu hỏi bất kỳ về VNeID, dịch vụ công, thanh toán QR, sổ sức khỏe.',
  greeting: 'Xin chào! Tôi có thể giúp gì cho bạn?',
  thanks: 'Không có gì ạ. Khi cần, bạn cứ nhắn cho tôi nhé.',
  flowStarted: (title: string) => `Bắt đầu hướng dẫn: ${title}.\nBạn làm theo từng bước. Xong mỗi bước, bấm nút hoặc gõ số để trả lời.`,
  stepCounter: (n: number, total: number) => `(Bước ${n}/${total})`,
  resumed: (title: string) => `Mình làm tiếp phần "${title}" nhé. Bạn đang ở bước này:`,
  welcomeBack: (title: string) => `Chào bạn quay lại! Bạn đang làm dở phần "${title}". Bạn đang ở bước này (gõ "hủy" nếu không muốn làm tiếp):`,
  nothingToResume: 'Bạn chưa có hướng dẫn nào đang làm dở. Bạn chọn một mục nhé:',
  wentBack: 'Đã quay lại bước trước:',
  atFirstStep: 'Đây là bước đầu tiên rồi:',
  restarted: (title: string) => `Làm lại từ đầu: ${title}.`,
  cancelled: (title: string) => `Đã dừng hướng dẫn "${title}". Khi nào cần, bạn chọn lại trong menu nhé.`,
  nothingToCancel: 'Hiện bạn không làm dở hướng dẫn nào.',
  staleButton: 'Nút này thuộc một bước cũ. Bạn đang ở bước này:',
  unclearInFlow: 'Xin lỗi, tôi chưa hiểu câu trả lời. Bạn bấm một nút hoặc gõ số của lựa chọn nhé:',
  stuckInFlow: 'Có vẻ bước này đang khó. Bạn có thể gõ "quay lại", "hủy", hoặc hỏi người giúp trực tiếp.',
  backToStep: 'Quay lại bước bạn đang làm:',
  fallback: 'Xin lỗi, tôi chưa chắc hiểu đúng câu hỏi của bạn.',
  suggestions: 'Có phải bạn muốn hỏi một trong các mục này không?',
  noSuggestions: 'Tôi chỉ hướng dẫn về VNeID, dịch vụ công trực tuyến, nộp lệ phí, thanh toán QR, sổ sức khỏe điện tử và an toàn trên mạng.',
  clarify: 'Câu hỏi của bạn gần với mấy mục dưới đây. Bạn chọn mục đúng nhất nhé:',
  stepByStep: 'Hướng dẫn từng bước',
  textOnly: 'Xin lỗi, tôi chỉ đọc được tin nhắn chữ. Bạn gõ câu hỏi bằng chữ, hoặc chọn một mục dưới đây nhé.',
  remindersOff: 'Đã tắt tin nhắc. Tôi sẽ không gửi tin nhắc hay thông báo cho bạn nữa. Muốn nhận lại, gõ "nhận nhắc".',
  remindersOn: 'Đã bật lại tin nhắc. Muốn tắt, gõ "dừng nhắc".',
};
