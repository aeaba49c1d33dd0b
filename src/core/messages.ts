// The bot's own words (everything that is not flow or knowledge content). Short, plain Vietnamese.
// Form of address: the bot calls the citizen "ông/bà" ("Ông/Bà" at the start of a sentence) and
// itself "tôi", the respectful form public offices use with citizens of every age.
import type { Button, Reply } from '../domain/messages.js';

export const HUMAN_HELP =
  'Người giúp trực tiếp:\n' +
  '• Tổ công nghệ số cộng đồng ở thôn, tổ dân phố.\n' +
  '• Công an xã, phường (VNeID): tổng đài 1900 0368.\n' +
  '• Bộ phận Một cửa xã, phường: dịch vụ công, lệ phí.';

export const WELCOME: Reply = {
  text:
    'Xin chào! Tôi là Trợ lý Công dân số. Tôi hướng dẫn ông/bà từng bước dùng dịch vụ công trên điện thoại.\n' +
    'Tôi chỉ lưu các bước ông/bà đã làm, để hướng dẫn tiếp. Tôi không bao giờ hỏi mật khẩu, mã OTP hay số căn cước.',
};

export const MENU_BUTTON: Button = { title: 'Menu chính', payload: 'cmd:menu' };
/** Offers a person; the `handoff` command says who answers and how to reach them. */
export const HANDOFF_BUTTON: Button = { title: 'Gặp người hỗ trợ', payload: 'cmd:handoff' };

export const text = {
  menuIntro: 'Ông/Bà muốn làm việc nào? Bấm một mục, gõ số, hoặc gõ câu hỏi (ví dụ: "quên mật khẩu VNeID").',
  resumeButton: (label: string) => `Tiếp tục: ${label}`,
  help:
    'Cách dùng:\n' +
    '1. Chọn một mục trong menu, tôi chỉ từng bước.\n' +
    '2. Trả lời bằng nút bấm, gõ số (1, 2, 3...), hoặc gõ "rồi", "chưa được".\n' +
    '3. Gõ "quay lại" về bước trước, "hủy" để dừng, "tiếp tục" để làm tiếp, "menu" xem danh mục.\n' +
    '4. Ông/Bà cũng có thể gõ câu hỏi về VNeID, dịch vụ công, thanh toán QR, sổ sức khỏe.',
  greeting: 'Xin chào! Tôi có thể giúp gì cho ông/bà?',
  thanks: 'Không có gì ạ. Khi cần, ông/bà cứ nhắn cho tôi.',
  ack: 'Vâng ạ. Khi cần, ông/bà cứ gõ câu hỏi hoặc gõ "menu".',
  frustrated:
    'Tôi xin lỗi vì chưa giúp được ông/bà. Chúng ta làm từng bước một: ông/bà bấm một việc dưới đây (hoặc gõ số), tôi hỏi từng câu một.\n' +
    'Muốn nói chuyện với người thật, bấm "Gặp người hỗ trợ".',
  numberOutOfRange: (count: number) => `Danh sách vừa rồi chỉ có số 1 đến ${count}. Ông/Bà gõ lại số, hoặc gõ câu hỏi.`,
  flowStarted: (label: string) => `Bắt đầu hướng dẫn: ${label}. Xong mỗi bước, ông/bà bấm nút hoặc gõ số.`,
  stepCounter: (n: number, total: number) => `(Bước ${n}/${total})`,
  resumed: (title: string) => `Tôi hướng dẫn tiếp phần "${title}". Ông/Bà đang ở bước này:`,
  welcomeBack: (title: string) =>
    `Chào ông/bà quay lại! Ông/Bà đang làm dở phần "${title}" (gõ "hủy" nếu không muốn làm tiếp):`,
  nothingToResume: 'Ông/Bà chưa có hướng dẫn nào đang làm dở. Ông/Bà chọn một mục:',
  wentBack: 'Đã quay lại bước trước:',
  atFirstStep: 'Đây là bước đầu tiên rồi:',
  restarted: (title: string) => `Làm lại từ đầu: ${title}.`,
  cancelled: (title: string) => `Đã dừng hướng dẫn "${title}". Khi nào cần, ông/bà chọn lại trong menu.`,
  nothingToCancel: 'Hiện ông/bà không làm dở hướng dẫn nào.',
  staleButton: 'Nút này thuộc một bước cũ. Ông/Bà đang ở bước này:',
  unclearInFlow: 'Xin lỗi, tôi chưa hiểu câu trả lời. Ông/Bà bấm một nút hoặc gõ số của lựa chọn:',
  stuckInFlow: 'Có vẻ bước này đang khó. Ông/Bà có thể gõ "quay lại", "hủy", hoặc hỏi người giúp trực tiếp.',
  backToStep: 'Quay lại bước ông/bà đang làm:',
  notSure: 'Xin lỗi, tôi chưa chắc hiểu đúng câu hỏi.',
  suggestions: 'Có phải ông/bà muốn hỏi một trong các mục này?',
  noSuggestions:
    'Tôi hướng dẫn về VNeID, dịch vụ công, nộp lệ phí, thanh toán QR, sổ sức khỏe điện tử và an toàn trên mạng. Ông/Bà hỏi lại bằng câu khác, hoặc mở menu.',
  clarify: 'Câu hỏi gần với mấy mục dưới đây. Ông/Bà chọn mục đúng nhất:',
  stepByStep: 'Hướng dẫn từng bước',
  helpShort: 'Cần người giúp trực tiếp: bấm "Gặp người hỗ trợ".',
  textOnly: 'Xin lỗi, tôi chỉ đọc được tin nhắn chữ. Ông/Bà gõ câu hỏi bằng chữ, hoặc chọn một mục dưới đây.',
  remindersOff:
    'Đã tắt tin nhắc. Tôi sẽ không gửi tin nhắc hay thông báo cho ông/bà nữa. Muốn nhận lại, gõ "nhận nhắc".',
  remindersOn: 'Đã bật lại tin nhắc. Muốn tắt, gõ "dừng nhắc".',
};
